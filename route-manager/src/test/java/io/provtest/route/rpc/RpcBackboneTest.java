package io.provtest.route.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.provtest.common.amqp.Broker;
import io.provtest.common.amqp.KeptChannel;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcRequest;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The RPC backbone against the real broker: route-manager calling its own request queue. */
@QuarkusTest
@WithTestResource(InfraResource.class)
class RpcBackboneTest {

    @Inject
    RpcClient rpc;

    @Inject
    Broker broker;

    @Test
    void aThrowingHandlerGetsATyped500AndTheConsumerKeepsServing() {
        RpcResponse failed = rpc.call("route-manager", "GET", "/v1/test/boom", null, Duration.ofSeconds(5));
        assertEquals(500, failed.statusCode());
        assertEquals("INTERNAL", failed.error().reason());
        RpcResponse next = rpc.call("route-manager", "GET", "/v1/providers?page_size=1", null, Duration.ofSeconds(5));
        assertEquals(200, next.statusCode());
    }

    @Test
    void unknownUriIsATyped404() {
        RpcResponse response = rpc.call("route-manager", "GET", "/v1/nothing-here", null, Duration.ofSeconds(5));
        assertEquals(404, response.statusCode());
        assertEquals("ROUTE_NOT_FOUND", response.error().reason());
    }

    @Test
    void aServiceWithoutARequestQueueFailsFastAsUnavailable() {
        long start = System.nanoTime();
        ServiceException e = assertThrows(ServiceException.class,
                () -> rpc.call("no-such-service", "GET", "/v1/x", null, Duration.ofSeconds(10)));
        assertEquals("SERVICE_UNAVAILABLE", e.error().reason());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000, "should not wait for the timeout");
        // nobody saw it: the caller is told when to come back (rpc.unavailable-retry-after), not left with a bare 503
        assertEquals(5, e.error().retryAfterSeconds());
    }

    @Test
    void anUnparseableMessageGoesToTheDeadLetterQueueAndServingGoesOn() throws Exception {
        Channel channel = broker.newChannel();
        try {
            long before = channel.messageCount("route-manager.request.dead");
            channel.basicPublish("", "route-manager.request", new AMQP.BasicProperties.Builder().build(),
                    "{not json".getBytes(StandardCharsets.UTF_8));
            long deadline = System.currentTimeMillis() + 5_000;
            while (channel.messageCount("route-manager.request.dead") == before && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(before + 1, channel.messageCount("route-manager.request.dead"));
        } finally {
            channel.close();
        }
        assertEquals(200, rpc.call("route-manager", "GET", "/v1/providers", null, Duration.ofSeconds(5)).statusCode());
    }

    @Test
    void aChannelTheBrokerClosesIsOpenedAgainWithItsConsumer() throws Exception {
        String queue = "kept-channel-test-" + UUID.randomUUID();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        // not auto-delete: the queue must outlive its consumer's closed channel, or "after" could be published before
        // the new channel declared it again and be dropped (the test failed that way once in the full suite)
        KeptChannel kept = broker.keep("test consumer", c -> {
            c.queueDeclare(queue, false, false, false, null);
            c.basicConsume(queue, true, (tag, d) -> received.add(new String(d.getBody(), StandardCharsets.UTF_8)),
                    tag -> { });
        });
        Channel first = kept.get();
        Channel sender = broker.newChannel();
        try {
            sender.basicPublish("", queue, null, "before".getBytes(StandardCharsets.UTF_8));
            assertEquals("before", received.poll(5, TimeUnit.SECONDS));

            first.basicAck(424242, false); // an unknown delivery tag: the broker closes this channel (406)
            long deadline = System.currentTimeMillis() + 5_000;
            while (first.isOpen() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(!first.isOpen(), "the broker should have closed the channel");

            sender.basicPublish("", queue, null, "after".getBytes(StandardCharsets.UTF_8));
            assertEquals("after", received.poll(10, TimeUnit.SECONDS), "the consumer came back on a new channel");
            assertTrue(kept.get() != first && kept.get().isOpen());
        } finally {
            kept.close();
            sender.queueDelete(queue);
            sender.close();
        }
    }

    /**
     * Beyond the orchestration limit a request is refused at once with a retry hint, and the client passes the
     * refusal on instead of sending it again: under overload, sending again only added round trips through a
     * saturated broker, and refusals took seconds (bench/calls.sh).
     */
    @Test
    void aBurstBeyondTheOrchestrationLimitIsRefusedAtOnceWithARetryHint() throws Exception {
        // the orchestration pool here has 24 slots, each request holds one for 200 ms, and 8 more may wait up to 1 s
        int burst = 40;
        ExecutorService callers = Executors.newFixedThreadPool(burst);
        try {
            record Answer(RpcResponse response, long tookMs) {
            }
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                answers.add(callers.submit(() -> {
                    long start = System.nanoTime();
                    RpcResponse r = rpc.call("route-manager", "POST", "/v1/test/slow-orchestration", null,
                            Duration.ofSeconds(5));
                    return new Answer(r, (System.nanoTime() - start) / 1_000_000);
                }));
            }
            int served = 0;
            int refused = 0;
            for (Future<Answer> answer : answers) {
                Answer a = answer.get(10, TimeUnit.SECONDS);
                if (a.response().statusCode() == 200) {
                    served++;
                    continue;
                }
                refused++;
                assertEquals(503, a.response().statusCode(), String.valueOf(a.response().error()));
                assertEquals("SERVICE_BUSY", a.response().error().reason());
                assertEquals(1, a.response().error().retryAfterSeconds(), "the refusal says when to come back");
                assertTrue(a.tookMs() < 2_000, "refused at once, not after retries (" + a.tookMs() + " ms)");
            }
            assertTrue(served >= 24, "every slot served a request: " + served);
            assertTrue(refused > 0, "40 at once on 24 slots: the excess is refused");
        } finally {
            callers.shutdownNow();
        }
    }

    /**
     * A burst just beyond the slots waits for them instead of being refused: the test profile lets 8 wait up to 1 s,
     * and each slot is free again after 200 ms.
     */
    @Test
    void aBurstJustBeyondTheSlotsWaitsForThemAndIsServed() throws Exception {
        for (String reply : rawSlowBurst(30, "wait")) {
            assertTrue(reply.contains("done"), "24 slots and 6 waiting, none refused: " + reply);
        }
    }

    @Test
    void theSameBurstSentRawMeetsTheLimitAndIsRefusedAsBusyAtOnce() throws Exception {
        long busy = 0;
        for (String reply : rawSlowBurst(40, "raw")) {
            if (reply.contains("SERVICE_BUSY")) {
                busy++;
                assertTrue(reply.contains("\"retry_after_seconds\":1"), reply);
            }
        }
        assertTrue(busy > 0, "40 at once on 24 slots and 8 waiting: some are refused as busy");
    }

    /** {@code n} slow orchestrations published at once on a channel of their own; their replies, all of them. */
    private List<String> rawSlowBurst(int n, String id) throws Exception {
        Channel channel = broker.newChannel();
        try {
            BlockingQueue<String> replies = new LinkedBlockingQueue<>();
            channel.basicConsume("amq.rabbitmq.reply-to", true,
                    (tag, d) -> replies.add(new String(d.getBody(), StandardCharsets.UTF_8)), tag -> { });
            byte[] request = Json.bytes(new RpcRequest("/v1/test/slow-orchestration", "POST", "raw-test", "req_" + id,
                    System.currentTimeMillis() + 5_000, null));
            for (int i = 0; i < n; i++) {
                channel.basicPublish("", "route-manager.request", new AMQP.BasicProperties.Builder()
                        .correlationId(id + "-" + i).replyTo("amq.rabbitmq.reply-to").build(), request);
            }
            List<String> answered = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String reply = replies.poll(10, TimeUnit.SECONDS);
                assertTrue(reply != null, "every request is answered");
                answered.add(reply);
            }
            return answered;
        } finally {
            channel.close();
        }
    }

    @Test
    void aClosedGateAnswersBusyAtOnceWhileEveryOrchestrationWorkerIsTakenAndTheHandlerIsNeverRun() throws Exception {
        Channel channel = broker.newChannel();
        try {
            BlockingQueue<String> replies = new LinkedBlockingQueue<>();
            channel.basicConsume("amq.rabbitmq.reply-to", true,
                    (tag, d) -> replies.add(new String(d.getBody(), StandardCharsets.UTF_8)), tag -> { });
            // every orchestration slot busy for 200 ms
            byte[] slow = Json.bytes(new RpcRequest("/v1/test/slow-orchestration", "POST", "raw-test", "req_fill",
                    System.currentTimeMillis() + 5_000, null));
            for (int i = 0; i < 24; i++) {
                channel.basicPublish("", "route-manager.request", new AMQP.BasicProperties.Builder()
                        .correlationId("fill-" + i).replyTo("amq.rabbitmq.reply-to").build(), slow);
            }
            FaultyRoutes.GATE_CLOSED.set(true);
            int handledBefore = FaultyRoutes.GATED_HANDLED.get();
            byte[] gated = Json.bytes(new RpcRequest("/v1/test/gated", "POST", "raw-test", "req_gated",
                    System.currentTimeMillis() + 5_000, null));
            long sent = System.nanoTime();
            channel.basicPublish("", "route-manager.request", new AMQP.BasicProperties.Builder()
                    .correlationId("gated").replyTo("amq.rabbitmq.reply-to").build(), gated);
            String refusal = null;
            int answered = 0;
            for (; answered < 25 && refusal == null; answered++) {
                String reply = replies.poll(10, TimeUnit.SECONDS);
                assertTrue(reply != null, "every request is answered");
                refusal = reply.contains("closed for the test") ? reply : null;
            }
            long waitedMs = (System.nanoTime() - sent) / 1_000_000;
            for (; answered < 25; answered++) {
                // the slots free again (a request beyond them is refused, not queued)
                assertTrue(replies.poll(10, TimeUnit.SECONDS) != null, "every request is answered");
            }
            assertTrue(refusal != null, "the gate's refusal came back");
            assertTrue(refusal.contains("SERVICE_BUSY") && refusal.contains("503"), refusal);
            assertTrue(waitedMs < 1_000, "answered at once (" + waitedMs + " ms)");
            assertEquals(handledBefore, FaultyRoutes.GATED_HANDLED.get(), "the handler never ran");

            FaultyRoutes.GATE_CLOSED.set(false);
            RpcResponse open = rpc.call("route-manager", "POST", "/v1/test/gated", null, Duration.ofSeconds(5));
            assertEquals(200, open.statusCode());
            assertEquals(handledBefore + 1, FaultyRoutes.GATED_HANDLED.get());
        } finally {
            FaultyRoutes.GATE_CLOSED.set(false);
            channel.close();
        }
    }
}
