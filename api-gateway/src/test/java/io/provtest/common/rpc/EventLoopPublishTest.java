package io.provtest.common.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A request sent from a Vert.x event loop (the gateway's non-blocking provider-call create) never holds that loop
 * while its publish waits: here another thread holds the RPC client's channel, as a publish under the broker's flow
 * control or a channel being reopened would. In the gateway because it is the service that sends from its event
 * loops; in the client's package for the channel it holds.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class EventLoopPublishTest {

    @Inject
    AmqpRpcClient client;

    @Inject
    Vertx vertx;

    @Test
    void aSendFromAnEventLoopTimesOutAtItsDeadlineWhileThePublishStillWaits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = holdTheChannelUntil(release);
        try {
            CompletableFuture<CompletableFuture<RpcResponse>> sent = new CompletableFuture<>();
            long start = System.nanoTime();
            vertx.getOrCreateContext().runOnContext(ignored ->
                    sent.complete(client.send("nobody-serves-this", "GET", "/v1/nothing", null, Duration.ofMillis(300))));

            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> sent.get(2, TimeUnit.SECONDS).get(2, TimeUnit.SECONDS));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            RpcTransportException timedOut = assertInstanceOf(RpcTransportException.class, failed.getCause());
            assertEquals(RpcTransportException.Kind.TIMED_OUT, timedOut.kind(), "it may still go out: not 'not sent'");
            assertTrue(tookMs < 1_500, "the caller's deadline holds while the channel is held (" + tookMs + " ms)");
            assertTrue(holder.isAlive(), "the channel was still held when the caller got its answer");
        } finally {
            release.countDown();
            holder.join(5_000);
        }
    }

    @Test
    void aSendFromAnEventLoopReturnsWhileThePublishWaitsAndGoesOutAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = holdTheChannelUntil(release);
        try {
            AtomicReference<CompletableFuture<RpcResponse>> sent = new AtomicReference<>();
            CompletableFuture<Boolean> returned = new CompletableFuture<>();
            vertx.getOrCreateContext().runOnContext(ignored -> {
                sent.set(client.send("nobody-serves-this", "GET", "/v1/nothing", null, Duration.ofSeconds(5)));
                returned.complete(io.vertx.core.Context.isOnEventLoopThread());
            });

            assertTrue(returned.get(2, TimeUnit.SECONDS), "send returned on the event loop while the channel was held");
            Thread.sleep(200);
            assertFalse(sent.get().isDone(), "the request waits for the channel, off the event loop");

            release.countDown();
            ExecutionException failed = assertThrows(ExecutionException.class, () -> sent.get().get(5, TimeUnit.SECONDS));
            RpcTransportException unroutable = assertInstanceOf(RpcTransportException.class, failed.getCause());
            assertEquals(RpcTransportException.Kind.UNROUTABLE, unroutable.kind(),
                    "published once the channel was free, and returned by the broker: no such service");
        } finally {
            release.countDown();
            holder.join(5_000);
        }
    }

    /** A thread that takes the RPC client's channel lock and keeps it until {@code release} (10 s at most). */
    private Thread holdTheChannelUntil(CountDownLatch release) throws Exception {
        Channel channel = client.channelNow();
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (channel) {
                held.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "holds-the-rpc-channel");
        holder.start();
        assertTrue(held.await(5, TimeUnit.SECONDS));
        return holder;
    }
}
