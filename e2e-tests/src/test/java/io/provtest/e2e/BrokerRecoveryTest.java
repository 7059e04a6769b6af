package io.provtest.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A RabbitMQ restart while the services idle: they answer again without being restarted. */
class BrokerRecoveryTest {

    @Test
    void servicesAnswerAgainWithin15SecondsOfABrokerRestart() throws Exception {
        String admin = Api.admin();
        Api.as(admin).get("/v1.0/providers").then().statusCode(200);

        Path script = Path.of(System.getProperty("project.root", "..")).resolve("scripts/infra.sh");
        Process restart = new ProcessBuilder("bash", script.toString(), "restart-broker").inheritIO().start();
        assertTrue(restart.waitFor(120, TimeUnit.SECONDS) && restart.exitValue() == 0, "broker restart failed");

        long back = System.nanoTime();
        long deadline = back + Duration.ofSeconds(15).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = Api.as(admin).get("/v1.0/providers").statusCode();
            if (status == 200) {
                break;
            }
            SystemUnderTest.sleep(250);
        }
        assertTrue(status == 200, "no 200 within 15 s of the broker coming back (last status " + status + ")");
        System.out.printf("services answered %d ms after the broker came back%n",
                Duration.ofNanos(System.nanoTime() - back).toMillis());
    }
}
