package io.provtest.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy with the configuration {@code REPLICAS=2 ./scripts/run.sh} gives it (the same script,
 * {@code scripts/balancer-config.sh}, writes it), in front of the given gateway ports.
 */
final class Balancer implements AutoCloseable {

    private final int port;
    private final Process process;

    private Balancer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Starts it and, when {@code awaitReady}, returns once it passes a request to a ready gateway (HAProxy checks
     * them every second); otherwise once it listens.
     */
    static Balancer start(String name, int port, List<Integer> gateways, boolean awaitReady) throws Exception {
        Path dir = Path.of("target", name);
        Files.createDirectories(dir);
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        List<String> writer = new ArrayList<>(List.of("bash", root.resolve("scripts/balancer-config.sh").toString(),
                String.valueOf(port)));
        gateways.forEach(g -> writer.add(String.valueOf(g)));
        Process written = new ProcessBuilder(writer).redirectOutput(dir.resolve("haproxy.cfg").toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals(0, written.waitFor(), "scripts/balancer-config.sh " + writer);
        Process p;
        try {
            p = new ProcessBuilder("haproxy", "-f", dir.resolve("haproxy.cfg").toString(), "-db")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("HAProxy is needed (apt-get install haproxy; scripts/test.sh installs it)",
                    e);
        }
        Balancer balancer = new Balancer(port, p);
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            try {
                int status = balancer.request().get("/q/health/ready").statusCode();
                if (status == 200 || !awaitReady) {
                    return balancer;
                }
            } catch (Exception notYet) { // RestAssured throws the ConnectException unchecked
                // not listening yet
            }
            Thread.sleep(200);
        }
        balancer.close();
        throw new IllegalStateException("HAProxy did not answer on " + port + ": see " + dir.resolve("haproxy.log"));
    }

    RequestSpecification request() {
        return given().baseUri("http://127.0.0.1:" + port).contentType(ContentType.JSON);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
