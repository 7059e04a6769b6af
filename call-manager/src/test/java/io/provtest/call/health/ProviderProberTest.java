package io.provtest.call.health;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sipp;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * OPTIONS probing against SIPp carriers on 127.0.0.1 (a 1 s interval in test config). route-manager is a stand-in
 * that lists the providers; the results are read off the real broker.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ProviderProberTest {

    static Sipp answering(int code, String reason) throws Exception {
        String template = Files.readString(Path.of("src/test/resources/sipp/uas_options.xml"));
        Path scenario = Files.createTempFile("uas_options_" + code, ".xml");
        Files.writeString(scenario, template.replace("@CODE@", String.valueOf(code)).replace("@REASON@", reason));
        return Sipp.uas(scenario, 1000);
    }

    @Test
    void probesEveryProviderAndPublishesCodeTimeoutAndRoundTrip() throws Exception {
        UUID ok = UUID.randomUUID();
        UUID busy = UUID.randomUUID();
        UUID dead = UUID.randomUUID();
        try (Sipp healthy = answering(200, "OK");
             Sipp overloaded = answering(503, "Service Unavailable");
             EventTap tap = EventTap.onTestBroker("call-manager.events");
             StandInService routeManager = new StandInService("route-manager", r -> StandInService.ok(Map.of(
                     "result", List.of(Map.of("id", ok.toString(), "hostname", healthy.hostPort()),
                             Map.of("id", busy.toString(), "hostname", overloaded.hostPort()),
                             Map.of("id", dead.toString(), "hostname", "127.0.0.1:5995")),
                     "next_page_token", "")))) {
            Duration wait = Duration.ofSeconds(15);
            String good = tap.await(b -> b.contains("provider_probed") && b.contains(ok.toString())
                    && b.contains("\"status_code\":200"), wait);
            assertNotNull(good, "a 200 probe result: " + tap.received());
            assertTrue(good.matches(".*\"rtt_ms\":[0-9.]+.*"), good);
            assertNotNull(tap.await(b -> b.contains(busy.toString()) && b.contains("\"status_code\":503"), wait));
            assertNotNull(tap.await(b -> b.contains(dead.toString()) && b.contains("\"timeout\":true"), wait));
            long start = System.currentTimeMillis();
            Thread.sleep(3_000);
            long probes = tap.received().stream().filter(b -> b.contains(ok.toString())).count();
            assertTrue(probes <= 2 + (System.currentTimeMillis() - start) / 1000 + 2,
                    "one probe per interval, not a flood: " + probes);
        }
    }
}
