package io.provtest.common.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectorQueuesTest {

    private static List<QueueSpec> queues(Map<String, String> config) {
        return ConnectorQueues.durableQueues(config.keySet(), name -> Optional.ofNullable(config.get(name)));
    }

    private static Map<String, String> channel(String channel, String... attributes) {
        Map<String, String> config = new HashMap<>();
        config.put("mp.messaging.incoming." + channel + ".connector", "smallrye-rabbitmq");
        for (int i = 0; i < attributes.length; i += 2) {
            config.put("mp.messaging.incoming." + channel + "." + attributes[i], attributes[i + 1]);
        }
        return config;
    }

    @Test
    void aSharedChannelsQueueIsDeclaredWithTheQueueTypeItsChannelSets() {
        Map<String, String> config = channel("call-hangups", "queue.name", "route-manager.call-hangups",
                "queue.durable", "true", "queue.exclusive", "false", "queue.auto-delete", "false",
                "queue.x-queue-type", "quorum", "routing-keys", "call_hangup");
        assertEquals(List.of(new QueueSpec("route-manager.call-hangups", true, false,
                Map.of("x-queue-type", "quorum"), null, false)), queues(config));
    }

    @Test
    void theConnectorsDefaultsApplyWhereTheChannelIsSilent() {
        // the connector's defaults: durable, not exclusive, not auto-delete, named as the channel, no type argument
        assertEquals(List.of(new QueueSpec("probes", true, false, Map.of(), null, false)), queues(channel("probes")));
    }

    @Test
    void aConnectorLevelAttributeAppliesToEveryChannelThatDoesNotSetItsOwn() {
        Map<String, String> config = channel("a");
        config.putAll(channel("b", "queue.x-queue-type", "classic"));
        config.put("mp.messaging.connector.smallrye-rabbitmq.queue.x-queue-type", "quorum");
        assertEquals(List.of(new QueueSpec("a", true, false, Map.of("x-queue-type", "quorum"), null, false),
                new QueueSpec("b", true, false, Map.of("x-queue-type", "classic"), null, false)), queues(config));
    }

    @Test
    void queuesThatEndWithTheirConnectionOrAreNotDeclaredAreLeftOut() {
        Map<String, String> config = channel("own", "queue.durable", "false", "queue.exclusive", "true",
                "queue.auto-delete", "true");
        config.putAll(channel("exclusive", "queue.exclusive", "true"));
        config.putAll(channel("undeclared", "queue.declare", "false"));
        config.put("mp.messaging.incoming.other.connector", "smallrye-kafka");
        config.put("mp.messaging.outgoing.events.connector", "smallrye-rabbitmq");
        assertEquals(List.of(), queues(config));
    }

    @Test
    void aChannelSettingAQueueArgumentThatIsNotModelledIsRefused() {
        for (String attribute : ConnectorQueues.UNMODELLED) {
            Map<String, String> config = channel("call-hangups", attribute, "1");
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> queues(config));
            assertTrue(refused.getMessage().contains("'call-hangups'") && refused.getMessage().contains(attribute),
                    refused.getMessage());
        }
    }
}
