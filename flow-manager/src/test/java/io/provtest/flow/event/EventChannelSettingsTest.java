package io.provtest.flow.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.rpc.RpcClient;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The events channel's settings that the RabbitMQ connector reads for every message it sends are resolved by the
 * configuration once, not per event (common-model's {@code SettledOutboundConnector}); the events still arrive.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class EventChannelSettingsTest {

    private static final String ATTEMPTS = "mp.messaging.outgoing.events.retry-on-fail-attempts";
    private static final String INTERVAL = "mp.messaging.outgoing.events.retry-on-fail-interval";
    private static final String ROUTING_KEY = "mp.messaging.outgoing.events.default-routing-key";

    @Inject
    RpcClient rpc;

    @Test
    void twentyEventsSentReadTheConnectorsSettingsAtMostOnce() throws Exception {
        try (EventTap tap = EventTap.onTestBroker("flow-manager.events")) {
            createFlow(); // the channel's first message may be the one that resolves them
            long attempts = SettingReads.of(ATTEMPTS);
            long interval = SettingReads.of(INTERVAL);
            long routingKey = SettingReads.of(ROUTING_KEY);

            for (int i = 0; i < 20; i++) {
                String id = createFlow();
                assertTrue(tap.await(b -> b.contains("flow_created") && b.contains(id), Duration.ofSeconds(5)) != null,
                        "flow_created of " + id + " reached the exchange");
            }

            assertEquals(attempts, SettingReads.of(ATTEMPTS), "retry attempts read per event");
            assertEquals(interval, SettingReads.of(INTERVAL), "retry interval read per event");
            assertEquals(routingKey, SettingReads.of(ROUTING_KEY), "default routing key read per event");
            assertTrue(attempts > 0, "the counting source sees the configuration's reads at all");
        }
    }

    private String createFlow() {
        return rpc.call("flow-manager", "POST", "/v1/flows", Map.of("customer_id", UUID.randomUUID().toString(),
                "persist", true, "actions", List.of(Map.of("type", "answer"))), Duration.ofSeconds(5))
                .dataOrThrow().get("id").asText();
    }
}
