package io.provtest.call.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.provtest.common.amqp.Broker;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.testing.InfraResource;
import io.provtest.testing.InfraScript;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Events stored while the broker is away go out once it is back, each once: the relay sends nothing while the broker
 * or the events channel cannot take it (EventPublisher#takesEvents). Before, each failed round (a 5 s wait for
 * confirms that could not come, then 1 s) handed the same batch to the publisher again, which kept every attempt and
 * sent them all at the channel's return: a 30 s outage delivered each event stored in it six times (and a webhook
 * customer got each that often), and the attempts held memory for as long as the outage lasted. And an event published
 * directly while the broker is away is refused as not sent, and is not delivered later either: before, the publisher
 * kept it too and sent it at the channel's return, while its sender had been told it failed (its change rolled back).
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class OutboxDuringBrokerOutageTest {

    private static final String TYPE = "outage_probe";
    private static final int DOWN_SECONDS = 30;
    private static final int EVENTS = 50;
    /** Where the deliveries of the event published directly are counted. */
    private static final int DIRECT = -1;
    private static final Pattern NUMBER = Pattern.compile("\"n\":(\\d+)");

    @Inject
    Outbox outbox;

    @Inject
    Broker broker;

    @Inject
    EventPublisher events;

    @Test
    void eventsStoredWhileTheBrokerIsAwayAreDeliveredOnceAndOnePublishedThenIsRefusedAndNeverDelivered()
            throws Exception {
        String marker = UUID.randomUUID().toString();
        // a durable queue keeps what reaches it across the broker's stop and start, however early that is
        String queue = "outage-probe-" + marker;
        Channel setup = broker.newChannel();
        setup.queueDeclare(queue, true, false, false, null);
        setup.queueBind(queue, "call-manager.events", TYPE);
        setup.close();
        try {
            // the events channel is connected before the outage, as in a service that has sent events (it connects
            // at its first event)
            outbox.record(TYPE, () -> Uni.createFrom().item(Map.of("marker", marker, "before", true)));
            Map<Integer, Integer> before = new TreeMap<>();
            long connected = System.currentTimeMillis() + 10_000;
            int beforeSeen = 0;
            while (beforeSeen == 0 && System.currentTimeMillis() < connected) {
                beforeSeen = drain(queue, marker, before);
                Thread.sleep(50);
            }
            assertEquals(1, beforeSeen, "the event sent before the outage arrived");
            CompletableFuture<Void> outage = CompletableFuture.runAsync(
                    () -> InfraScript.run("restart-broker", DOWN_SECONDS));
            long until = System.currentTimeMillis() + 10_000;
            while (broker.isReady() && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            assertFalse(broker.isReady(), "the broker went away");
            for (int i = 0; i < EVENTS; i++) {
                Map<String, Object> row = Map.of("marker", marker, "n", i);
                outbox.record(TYPE, () -> Uni.createFrom().item(row));
            }
            long publishedAt = System.nanoTime();
            ServiceException refused = assertThrows(ServiceException.class,
                    () -> events.publish(TYPE, Map.of("marker", marker, "direct", true)));
            long waitedMs = (System.nanoTime() - publishedAt) / 1_000_000;
            assertEquals("BROKER_UNAVAILABLE", refused.error().reason(), refused.getMessage());
            assertEquals(503, refused.httpStatus());
            assertEquals(5, refused.error().retryAfterSeconds(), "the refusal says when to try again");
            assertTrue(waitedMs >= 4_500 && waitedMs < 8_000, "refused after waiting about 5 s: " + waitedMs + " ms");
            outage.get(DOWN_SECONDS + 120, TimeUnit.SECONDS);
            Map<Integer, Integer> deliveries = new TreeMap<>();
            // every event arrives once the channel is back (within seconds); then long enough for any repeat to come
            // too (an attempt left unconfirmed is sent again after its 5 s)
            long deadline = System.currentTimeMillis() + 45_000;
            long quietUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
                try {
                    drain(queue, marker, deliveries);
                } catch (Exception notBackYet) {
                    // the test's own connection recovers on its own schedule: read at the next turn
                }
                if (deliveries.size() == EVENTS && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.currentTimeMillis() + 15_000;
                }
                Thread.sleep(200);
            }
            int directSeen = deliveries.getOrDefault(DIRECT, 0);
            deliveries.remove(DIRECT);
            assertEquals(EVENTS, deliveries.size(), "every event stored during the outage delivered: " + deliveries);
            assertEquals(0, directSeen, "the event refused during the outage was never delivered");
            int total = deliveries.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("%d deliveries of the %d events stored in a %d s outage%n", total, EVENTS, DOWN_SECONDS);
            // nothing is sent before the events channel is back: an event the publisher was handed while it was
            // away goes out at its reconnection, but its confirm is never answered, and the relay sends it again (each
            // event twice, when the relay waited for the service's own connection only; six times before, at a round
            // per 6 s); a rare repeat is no failure
            assertTrue(total < 2 * EVENTS, "deliveries of " + EVENTS + " events stored in a " + DOWN_SECONDS
                    + " s outage: " + total + " " + deliveries);
        } finally {
            Channel cleanup = broker.newChannel();
            cleanup.queueDelete(queue);
            cleanup.close();
        }
    }

    /**
     * Takes what the queue holds; counts the deliveries of each numbered event, and of the one published directly under
     * {@link #DIRECT}; how many bodies carried the marker.
     */
    private int drain(String queue, String marker, Map<Integer, Integer> deliveries) throws Exception {
        Channel channel = broker.newChannel();
        int marked = 0;
        try {
            GetResponse got;
            while ((got = channel.basicGet(queue, true)) != null) {
                String body = new String(got.getBody(), StandardCharsets.UTF_8);
                if (!body.contains(marker)) {
                    continue;
                }
                marked++;
                Matcher n = NUMBER.matcher(body);
                if (n.find()) {
                    deliveries.merge(Integer.parseInt(n.group(1)), 1, Integer::sum);
                } else if (body.contains("\"direct\"")) {
                    deliveries.merge(DIRECT, 1, Integer::sum);
                }
            }
            return marked;
        } finally {
            channel.close();
        }
    }
}
