package io.provtest.route.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.amqp.Broker;
import io.provtest.common.rpc.RpcClient;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health kept from provider_probed events on the real broker, the way call-manager publishes them. */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ProviderHealthTest {

    @Inject
    RpcClient rpc;

    @Inject
    Broker broker;

    private JsonNode provider(String id) {
        return rpc.call("route-manager", "GET", "/v1/providers/" + id, null, Duration.ofSeconds(5)).dataOrThrow();
    }

    private void probed(String id, String hostname, Integer code, Double rtt) throws Exception {
        ProbedEvents.probed(broker, id, hostname, code, rtt);
    }

    private JsonNode awaitHealth(String id, String status, String reason) throws Exception {
        long deadline = System.currentTimeMillis() + 5_000;
        JsonNode p = provider(id);
        while (System.currentTimeMillis() < deadline
                && !(p.get("health_status").asText().equals(status) && p.get("health_reason").asText().equals(reason))) {
            Thread.sleep(20);
            p = provider(id);
        }
        assertEquals(status, p.get("health_status").asText(), p.toString());
        assertEquals(reason, p.get("health_reason").asText(), p.toString());
        return p;
    }

    @Test
    void healthFlipsAfterTheConfiguredCountsWithoutTouchingTmUpdate() throws Exception {
        String host = "probe.example.net:5060";
        String id = rpc.call("route-manager", "POST", "/v1/providers", Map.of("type", "sip", "hostname", host),
                Duration.ofSeconds(5)).dataOrThrow().get("id").asText();
        try (EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            probed(id, host, 200, 12.5);
            JsonNode healthy = awaitHealth(id, "healthy", "200");
            assertEquals(12.5, healthy.get("health_rtt_ms").asDouble());
            assertTrue(healthy.get("health_checked_at").isTextual());
            assertTrue(healthy.get("tm_update").isNull(), "a probe is not an update");
            assertNotNull(tap.await(b -> b.contains("provider_health_changed") && b.contains(id), Duration.ofSeconds(5)));

            probed(id, host, 503, 5.0);
            probed(id, host, null, null);
            awaitHealth(id, "healthy", "timeout");
            probed(id, host, 408, 5.0);
            JsonNode sick = awaitHealth(id, "unhealthy", "408");
            assertEquals(3, sick.get("health_failures").asInt());
            assertTrue(sick.get("tm_update").isNull());
            JsonNode listed = rpc.call("route-manager", "GET", "/v1/providers?health_status=unhealthy", null,
                    Duration.ofSeconds(5)).dataOrThrow().get("result");
            assertTrue(listed.findValuesAsText("id").contains(id));

            probed(id, "old-host.example.net", 200, 1.0);
            Thread.sleep(300);
            assertEquals("unhealthy", provider(id).get("health_status").asText(), "a probe of another host is ignored");

            JsonNode moved = rpc.call("route-manager", "PUT", "/v1/providers/" + id, Map.of("type", "sip",
                    "hostname", "new-host.example.net"), Duration.ofSeconds(5)).dataOrThrow();
            assertEquals("unknown", moved.get("health_status").asText());
            assertEquals(0, moved.get("health_failures").asInt());
        }
    }
}
