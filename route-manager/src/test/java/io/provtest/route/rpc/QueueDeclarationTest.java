package io.provtest.route.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.provtest.common.amqp.Broker;
import io.provtest.common.amqp.ConnectorQueues;
import io.provtest.common.amqp.QueueLayout;
import io.provtest.common.amqp.QueueSpec;
import io.provtest.common.amqp.QueueType;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Queue declarations of common-model on the real broker, classic and quorum (a single RabbitMQ node runs quorum
 * queues too, from 3.8; per-message TTL on them from 3.10). Queues of their own, so the service's are untouched.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class QueueDeclarationTest {

    private static final int LIMIT = 2;

    @Inject
    Broker broker;

    @Inject
    ConnectorQueues connectorQueues;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void deleteTestQueues() throws Exception {
        Channel channel = broker.newChannel();
        for (String queue : created) {
            channel.queueDelete(queue);
        }
        channel.close();
    }

    private String name() {
        String name = "queue-test-" + UUID.randomUUID() + ".request";
        created.add(name);
        created.add(name + ".dead");
        return name;
    }

    private static QueueLayout layout(QueueType type) {
        return new QueueLayout(type, LIMIT, Duration.ofHours(1), 3);
    }

    @Test
    void aQuorumRequestQueueCountsDeliveriesAndDeadLettersAMessageOverTheLimit() throws Exception {
        String queue = name();
        Channel channel = broker.newChannel();
        broker.declare(channel, layout(QueueType.QUORUM).requestQueue(queue));
        channel.basicPublish("", queue, null, "poison".getBytes(StandardCharsets.UTF_8));
        List<Object> counts = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (channel.messageCount(queue + ".dead") == 0 && System.currentTimeMillis() < deadline) {
            GetResponse got = channel.basicGet(queue, false);
            if (got == null) {
                Thread.sleep(20);
                continue;
            }
            Object count = got.getProps().getHeaders() == null ? null : got.getProps().getHeaders().get("x-delivery-count");
            counts.add(count);
            channel.basicNack(got.getEnvelope().getDeliveryTag(), false, true); // as a consumer dying mid-request
        }
        assertEquals(1, channel.messageCount(queue + ".dead"), "dead-lettered after the limit; deliveries: " + counts);
        assertEquals(0, channel.messageCount(queue));
        assertEquals(LIMIT + 1, counts.size(), "delivered once, then redelivered up to the limit: " + counts);
        assertEquals(String.valueOf(LIMIT), String.valueOf(counts.get(counts.size() - 1)),
                "only a quorum queue counts deliveries");
        channel.close();
    }

    @ParameterizedTest
    @EnumSource(QueueType.class)
    void expiredRequestsAreDeadLetteredAndTheDeadLetterQueueIsBounded(QueueType type) throws Exception {
        String queue = name();
        Channel channel = broker.newChannel();
        broker.declare(channel, layout(type).requestQueue(queue));
        AMQP.BasicProperties expiring = new AMQP.BasicProperties.Builder().expiration("1").build();
        for (int i = 0; i < 5; i++) {
            channel.basicPublish("", queue, expiring, ("late " + i).getBytes(StandardCharsets.UTF_8));
        }
        Thread.sleep(50); // past their TTL
        long deadline = System.currentTimeMillis() + 10_000;
        while (channel.messageCount(queue + ".dead") < 3 && System.currentTimeMillis() < deadline) {
            assertNull(channel.basicGet(queue, true), "an expired request is never delivered"); // a read expires the head
            Thread.sleep(20);
        }
        Thread.sleep(100); // the last two dead letters push the oldest out, if they are there at all
        assertEquals(0, channel.messageCount(queue));
        assertEquals(3, channel.messageCount(queue + ".dead"), "five dead letters, bounded to the newest three");
        GetResponse oldestKept = channel.basicGet(queue + ".dead", true);
        assertEquals("late 2", new String(oldestKept.getBody(), StandardCharsets.UTF_8));
        channel.close();
    }

    @Test
    void anEmptyUnusedClassicQueueIsReplacedByAQuorumOneAndAnOldDeadLetterQueueTooWhateverItHolds() throws Exception {
        String queue = name();
        Channel channel = broker.newChannel();
        // as declared before this change: unbounded dead letters, holding one
        channel.queueDeclare(queue + ".dead", true, false, false, null);
        channel.basicPublish("", queue + ".dead", null, "old dead letter".getBytes(StandardCharsets.UTF_8));
        broker.declare(channel, layout(QueueType.CLASSIC).requestQueue(queue));

        QueueSpec quorum = layout(QueueType.QUORUM).requestQueue(queue);
        broker.declare(channel, quorum);

        assertTrue(channel.isOpen());
        assertEquals(0, channel.messageCount(queue + ".dead"));
        assertCountsDeliveries(channel, queue);
        channel.close();
    }

    @Test
    void aClassicQueueInUseIsNotReplacedAndStartUpStopsWithAMessageSayingWhatToDo() throws Exception {
        String queue = name();
        Channel consumer = broker.newChannel();
        broker.declare(consumer, layout(QueueType.CLASSIC).requestQueue(queue));
        consumer.basicConsume(queue, false, (tag, delivery) -> { }, tag -> { });
        Channel starting = broker.newChannel();

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> broker.declare(starting, layout(QueueType.QUORUM).requestQueue(queue)));

        String message = refused.getMessage();
        assertTrue(message.contains("'" + queue + "'"), message);
        assertTrue(message.contains("PRECONDITION_FAILED"), message);
        assertTrue(message.contains("x-queue-type=quorum"), message);
        assertTrue(message.contains("rabbitmqctl delete_queue -p "), message);
        assertTrue(message.contains("deploy/README.md"), message);
        assertTrue(starting.isOpen(), "the refusal happened on a spare connection, not on the service's channel");
        assertTrue(consumer.isOpen(), "the running consumer is left alone");
        consumer.close();
        starting.close();
    }

    @Test
    void theSharedEventQueuesAreCheckedWithTheArgumentsTheConnectorDeclaredThemWith() throws Exception {
        List<QueueSpec> checked = connectorQueues.durableQueues();
        assertEquals(List.of("route-manager.call-hangups", "route-manager.provider-probes",
                "route-manager.providercall-ends"), checked.stream().map(QueueSpec::name).sorted().toList());
        for (QueueSpec spec : checked) {
            // BROKER_QUEUE_TYPE's type (classic unless the suite runs on quorum queues), as the channels' attributes say
            assertEquals(Map.of("x-queue-type", broker.queues().type().name().toLowerCase(Locale.ROOT)),
                    spec.arguments(), spec.name());
            broker.ensure(spec); // the connector declared it at start: the same arguments, so nothing to replace
            Channel channel = broker.newChannel();
            assertTrue(channel.consumerCount(spec.name()) >= 1, "the connector consumes " + spec.name());
            channel.close();
        }
    }

    @Test
    void aConnectorQueueOfTheOtherTypeIsReplacedWhenEmptyAndStopsStartUpWhileItHoldsEvents() throws Exception {
        String queue = name();
        Channel channel = broker.newChannel();
        channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "classic"));
        channel.basicPublish("", queue, null, "an event not yet handled".getBytes(StandardCharsets.UTF_8));
        QueueSpec quorum = new QueueSpec(queue, true, false, Map.of("x-queue-type", "quorum"), null, false);

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> broker.ensure(quorum));
        assertTrue(refused.getMessage().contains("'" + queue + "'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("rabbitmqctl delete_queue -p "), refused.getMessage());
        assertEquals(1, channel.messageCount(queue), "the event is kept");

        channel.queuePurge(queue);
        broker.ensure(quorum);
        assertCountsDeliveries(channel, queue);
        channel.close();
    }

    /** Only a quorum queue counts deliveries: a message given back is delivered again with x-delivery-count 1. */
    private static void assertCountsDeliveries(Channel channel, String queue) throws Exception {
        channel.basicPublish("", queue, null, "again".getBytes(StandardCharsets.UTF_8));
        GetResponse first = awaitGet(channel, queue);
        channel.basicNack(first.getEnvelope().getDeliveryTag(), false, true);
        GetResponse second = awaitGet(channel, queue);
        assertEquals(1L, ((Number) second.getProps().getHeaders().get("x-delivery-count")).longValue(),
                "the queue is a quorum queue now");
        channel.basicAck(second.getEnvelope().getDeliveryTag(), false);
    }

    private static GetResponse awaitGet(Channel channel, String queue) throws Exception {
        long deadline = System.currentTimeMillis() + 5_000;
        GetResponse got;
        while ((got = channel.basicGet(queue, false)) == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertNotNull(got, "no message on " + queue);
        return got;
    }
}
