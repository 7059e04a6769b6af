package io.provtest.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command of the project's {@code scripts/infra.sh} against the locally started servers, for tests that
 * take the broker away under a running service ({@code restart-broker}, {@code block-publishers}). The project's root
 * is the system property {@code project.root} (the build sets it), else the module's parent folder.
 */
public final class InfraScript {

    private InfraScript() {
    }

    /** Runs {@code command}; a {@code restart-broker} keeps the broker away {@code brokerDownSeconds}. */
    public static void run(String command, int brokerDownSeconds) {
        Path script = Path.of(System.getProperty("project.root", "..")).resolve("scripts/infra.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command).inheritIO();
        pb.environment().put("BROKER_DOWN_SECONDS", String.valueOf(brokerDownSeconds));
        try {
            Process run = pb.start();
            if (!run.waitFor(brokerDownSeconds + 120L, TimeUnit.SECONDS)) {
                run.destroyForcibly();
                throw new IllegalStateException("infra.sh " + command + " did not finish");
            }
            if (run.exitValue() != 0) {
                throw new IllegalStateException("infra.sh " + command + " failed with " + run.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("infra.sh " + command + " could not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while infra.sh " + command + " ran", e);
        }
    }
}
