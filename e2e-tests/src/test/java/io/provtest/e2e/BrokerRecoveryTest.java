package io.provtest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A RabbitMQ restart while requests keep arriving: the services answer again without being restarted. Traffic during
 * the restart matters: a request sent while the client library is still re-declaring consumers must not leave a
 * channel closed for good.
 */
class BrokerRecoveryTest {

    private static final String[] READS = {"/v1.0/providers", "/v1.0/calls", "/v1.0/flows", "/v1.0/providercalls"};

    @Test
    void servicesAnswerAgainWithin15SecondsOfABrokerRestartUnderTraffic() throws Exception {
        String admin = Api.admin();
        for (String path : READS) {
            Api.as(admin).get(path).then().statusCode(200);
        }

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService traffic = Executors.newFixedThreadPool(READS.length);
        for (String path : READS) {
            traffic.execute(() -> {
                while (!stop.get()) {
                    try {
                        Api.as(admin).get(path).statusCode();
                    } catch (RuntimeException e) {
                        // the gateway itself stays up; a failed read is expected while the broker is down
                    }
                }
            });
        }
        try {
            Path script = Path.of(System.getProperty("project.root", "..")).resolve("scripts/infra.sh");
            Process restart = new ProcessBuilder("bash", script.toString(), "restart-broker").inheritIO().start();
            assertTrue(restart.waitFor(120, TimeUnit.SECONDS) && restart.exitValue() == 0, "broker restart failed");

            long back = System.nanoTime();
            long deadline = back + Duration.ofSeconds(15).toNanos();
            boolean allAnswer = false;
            while (!allAnswer && System.nanoTime() < deadline) {
                allAnswer = true;
                for (String path : READS) {
                    allAnswer &= Api.as(admin).get(path).statusCode() == 200;
                }
                if (!allAnswer) {
                    SystemUnderTest.sleep(250);
                }
            }
            assertTrue(allAnswer, "not every service answered 200 within 15 s of the broker coming back");
            System.out.printf("services answered %d ms after the broker came back%n",
                    Duration.ofNanos(System.nanoTime() - back).toMillis());
        } finally {
            stop.set(true);
            traffic.shutdown();
            assertTrue(traffic.awaitTermination(30, TimeUnit.SECONDS));
        }

        // Still healthy once the traffic is over: every read, and a write whose event the broker must confirm.
        for (int i = 0; i < 20; i++) {
            for (String path : READS) {
                assertEquals(200, Api.as(admin).get(path).statusCode(), path + " after recovery");
            }
        }
        Api.as(admin).body(Map.of("type", "sip", "hostname", "recovered.example.org", "name", "after the restart"))
                .post("/v1.0/providers").then().statusCode(200);
    }
}
