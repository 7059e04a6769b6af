package io.provtest.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SIPp process playing a carrier on 127.0.0.1: a real SIP peer for tests. It runs one scenario for a given
 * number of calls and keeps its statistics, errors and message log in its own folder, so a test can assert on
 * what arrived on the wire, not only on what we think we sent.
 */
public final class Sipp implements AutoCloseable {

    private static final AtomicInteger NEXT_PORT = new AtomicInteger(5100);

    private final Process process;
    private final Path dir;
    private final int port;
    private final String scenarioName;

    private Sipp(Process process, Path dir, int port, String scenarioName) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.scenarioName = scenarioName;
    }

    /**
     * Starts SIPp as a UAS with the scenario (a file path) on a free port, for {@code calls} calls.
     * {@code extra} are further SIPp arguments, e.g. {@code -d 1000} or {@code -set code 486}.
     */
    public static Sipp uas(Path scenario, int calls, String... extra) throws IOException {
        int port = NEXT_PORT.getAndAdd(10);
        Path dir = Files.createTempDirectory("sipp-");
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", scenario.toAbsolutePath().toString(),
                "-i", "127.0.0.1", "-p", String.valueOf(port), "-m", String.valueOf(calls), "-nostdin",
                "-timeout", "120s", "-timeout_error", "-ci", "127.0.0.1", "-cp", String.valueOf(port + 1),
                "-mi", "127.0.0.1", "-mp", String.valueOf(port + 4),
                "-trace_stat", "-stf", dir.resolve("stat.csv").toString(),
                "-trace_err", "-error_file", dir.resolve("errors.log").toString(),
                "-trace_msg", "-message_file", dir.resolve("messages.log").toString(),
                "-trace_logs", "-log_file", dir.resolve("logs.log").toString()));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sipp.out").toFile()).start();
        Sipp sipp = new Sipp(process, dir, port, scenario.getFileName().toString());
        sipp.awaitListening();
        return sipp;
    }

    /** {@code 127.0.0.1:<port>}: the hostname to give the provider. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Waits for SIPp to finish its calls; its exit code (0 = every call succeeded), or -1 if it is still running. */
    public int awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    public String messages() throws IOException {
        Path file = dir.resolve("messages.log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    public String errors() throws IOException {
        Path file = dir.resolve("errors.log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    public String logs() throws IOException {
        Path file = dir.resolve("logs.log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** A counter from the last row of SIPp's statistics, e.g. {@code SuccessfulCall(C)}. */
    public long stat(String column) throws IOException {
        Path file = dir.resolve("stat.csv");
        if (!Files.exists(file)) {
            return -1;
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.size() < 2) {
            return -1;
        }
        String[] header = lines.get(0).split(";");
        String[] last = lines.get(lines.size() - 1).split(";");
        for (int i = 0; i < header.length && i < last.length; i++) {
            if (header[i].equals(column)) {
                return Long.parseLong(last[i].trim());
            }
        }
        return -1;
    }

    public String describe() throws IOException {
        return scenarioName + " on " + hostPort() + " in " + dir + ": " + errors();
    }

    /** Watches the kernel's UDP socket table rather than probing the port, which could steal it from SIPp. */
    private void awaitListening() throws IOException {
        String suffix = String.format(":%04X ", port);
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("sipp exited at start: " + Files.readString(dir.resolve("sipp.out")));
            }
            for (String table : List.of("/proc/net/udp", "/proc/net/tcp")) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 1 && (fields[1] + " ").endsWith(suffix)) {
                        return;
                    }
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IOException("sipp did not bind 127.0.0.1:" + port + " within 5 s");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
