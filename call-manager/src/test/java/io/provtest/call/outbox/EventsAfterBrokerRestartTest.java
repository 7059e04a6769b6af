package io.provtest.call.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import io.provtest.common.amqp.Broker;
import io.provtest.common.event.EventPublisher;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.InfraScript;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The events channel confirms again after the broker went away holding events it had not confirmed, as a busy broker
 * does in bench/faults.sh's RabbitMQ restart. Before (event.LostChannelConfirms), the publisher kept those events at
 * the front of the ones awaiting a confirm, with its first channel's tags, and every batch confirm of the new channel
 * stopped at them: sends after the restart timed out until the new channel's tags passed the old ones (2,505 of a
 * 5,000 burst confirmed; at call-manager's rates, never: 2,161 events held in the outbox and a call left without an
 * end, 2026-12-06). And each of them held one of the connector's 4,096 places for a send awaiting its confirm for
 * good: with more than that lost, nothing was sent again (0 of 200 confirmed).
 *
 * <p>A memory alarm ({@code scripts/infra.sh block-publishers}) makes the broker hold what is published; {@code
 * restart-broker} stops and starts it with the Erlang node up (as the end-to-end BrokerRecoveryTest does) and lifts
 * the alarm.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class EventsAfterBrokerRestartTest {

    private static final String TYPE = "broker_restart_probe";
    private static final int DOWN_SECONDS = 8;
    /** More than the connector let wait for a confirm at once before (4,096). */
    private static final int UNCONFIRMED = 5_000;

    @Inject
    EventPublisher events;

    @Inject
    Broker broker;

    @TestHTTPResource("/q/health/live")
    URI liveness;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void eventsUnconfirmedWhenTheBrokerWentAwayDoNotHoldBackTheOnesSentAfter() throws Exception {
        // the channel has sent many events before the restart (call-manager's has sent thousands by then): the
        // delivery tags of its first channel run far ahead of those of the channel it gets after the restart
        assertEquals(30_000, sendAll(30_000, "before", Duration.ofSeconds(60)), "confirmed before the restart");
        // a channel on the service's own connection, opened before the block (a blocked connection opens none)
        Channel probe = broker.newChannel();
        // a busy broker goes away with events it has not confirmed yet
        InfraScript.run("block-publishers", 0);
        List<CompletableFuture<Void>> unconfirmed = new ArrayList<>();
        long doneWhileBlocked;
        boolean blockedSeen;
        try {
            for (int i = 0; i < UNCONFIRMED; i++) {
                unconfirmed.add(events.sendJson(TYPE, null, "{\"unconfirmed\":" + i + "}", null));
            }
            Thread.sleep(500);
            doneWhileBlocked = unconfirmed.stream().filter(CompletableFuture::isDone).count();
            // the service's own connection learns it is blocked once it publishes (the broker tells a publisher):
            // sends failing then do not count toward the events channel's stall (a restart would not help)
            // (aborted, not closed, after the restart: a blocked connection does not answer a close)
            probe.basicPublish("", "no-such-queue", null, new byte[0]);
            long until = System.currentTimeMillis() + 10_000;
            while (!broker.isBlocked() && System.currentTimeMillis() < until) {
                Thread.sleep(100);
            }
            blockedSeen = broker.isBlocked();
        } finally {
            InfraScript.run("restart-broker", DOWN_SECONDS); // also lifts the block
            probe.abort();
        }
        assertEquals(0, doneWhileBlocked, "nothing is confirmed while the broker is blocked");
        assertTrue(blockedSeen, "the service saw the broker block its publishing");
        // once the channel is back (within seconds), what is sent is confirmed again: the events the broker did not
        // confirm before it went away are refused (5 s; the outbox sends them again), not left in the way
        long until = System.currentTimeMillis() + 30_000;
        int confirmed = 0;
        while (System.currentTimeMillis() < until) {
            confirmed = sendAll(200, "probe", Duration.ofSeconds(6));
            if (confirmed == 200) {
                break;
            }
        }
        assertEquals(200, confirmed, "events confirmed of 200 sent within 30 s of the broker's return");
        // the service's own connection comes back on its own schedule (recovery every 2 s), maybe after the channel's
        long ready = System.currentTimeMillis() + 30_000;
        while (!broker.isReady() && System.currentTimeMillis() < ready) {
            Thread.sleep(100);
        }
        assertTrue(broker.isReady(), "the service's connection is back");
        assertFalse(broker.isBlocked(), "and not blocked: the alarm was lifted");
        try (EventTap tap = EventTap.onTestBroker("call-manager.events")) {
            String marker = UUID.randomUUID().toString();
            assertEquals(5_000, sendAll(5_000, marker, Duration.ofSeconds(30)),
                    "a burst after the restart confirmed (the new channel's delivery tags pass those of the events "
                            + "lost in the restart only after 30,000 more)");
            long deadline = System.currentTimeMillis() + 10_000;
            while (received(tap, marker) < 5_000 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(5_000, received(tap, marker), "the burst reached a listener");
        }
        for (CompletableFuture<Void> lost : unconfirmed) {
            assertTrue(lost.isDone(), "an event sent before the restart was answered (refused or confirmed)");
        }
        HttpResponse<String> live = http.send(HttpRequest.newBuilder(liveness).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, live.statusCode(), "liveness after the restart: " + live.body());
        assertTrue(live.body().contains("\"events-confirms\""), "the events channel's confirms are watched: "
                + live.body());
    }

    /** Sends {@code count} events marked {@code marker} at once; how many were confirmed within {@code wait}. */
    private int sendAll(int count, String marker, Duration wait) throws InterruptedException {
        List<CompletableFuture<Void>> sends = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sends.add(events.sendJson(TYPE, null, "{\"marker\":\"" + marker + "\",\"n\":" + i + "}", null));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(wait.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // counted below
        }
        return (int) sends.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
    }

    private static long received(EventTap tap, String marker) {
        return tap.received().stream().filter(b -> b.contains(marker)).count();
    }
}
