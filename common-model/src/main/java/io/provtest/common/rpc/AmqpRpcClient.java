package io.provtest.common.rpc;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import io.provtest.common.amqp.Broker;
import io.provtest.common.amqp.KeptChannel;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * RPC client over RabbitMQ Direct Reply-to: requests go to {@code <service>.request} on the default exchange with
 * a correlation id; replies come back on the pseudo-queue {@code amq.rabbitmq.reply-to} of the same channel, so no
 * reply queue is ever declared. Requests are published {@code mandatory}: a service with no request queue fails
 * fast instead of timing out.
 *
 * <p>A request sent from a Vert.x event loop (the gateway's non-blocking provider-call create) is published by this
 * client's own thread: a publish can wait (the broker's flow control, the channel being reopened, another thread
 * publishing on it), and an event loop that waits stops every request it serves.
 */
@Singleton
public class AmqpRpcClient implements RpcClient {

    private static final Logger LOG = Logger.getLogger(AmqpRpcClient.class);
    private static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";
    /** An inner call gives its caller this much of the caller's remaining time to turn the answer around. */
    private static final long DEADLINE_MARGIN_MS = 50;
    private final Broker broker;
    private final RpcConfig config;
    private final Map<String, CompletableFuture<RpcResponse>> pending = new ConcurrentHashMap<>();
    /**
     * Correlation ids: this client's random prefix and a counter. Unique for every send across processes and restarts
     * (call-manager's CreateOnce keys a create on it), without a {@code SecureRandom} draw under its lock per request
     * as {@code UUID.randomUUID()} made on every RPC.
     */
    private final String correlationPrefix = UUID.randomUUID() + "-";
    private final AtomicLong sent = new AtomicLong();
    private final KeptChannel channel;
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rpc-publish");
        t.setDaemon(true);
        return t;
    });

    public AmqpRpcClient(Broker broker, RpcConfig config) {
        this.broker = broker;
        this.config = config;
        this.channel = broker.keep("RPC client", c -> {
            c.basicConsume(DIRECT_REPLY_TO, true, (tag, delivery) -> onReply(delivery), tag -> { });
            c.addReturnListener(returned -> fail(returned.getProperties().getCorrelationId(),
                    notServed(RpcTransportException.Kind.UNROUTABLE,
                            "The service behind " + returned.getRoutingKey() + " is not running.")));
        }, cause -> failAllPending());
    }

    void onStart(@Observes @Priority(20) StartupEvent event) throws IOException {
        channel.get();
    }

    /** Requests already handed to the publisher still go out (or fail, the channel closing): none is left waiting. */
    @PreDestroy
    void stop() {
        publisher.shutdown();
    }

    /** The channel requests go out on (tests hold its lock to stand for a publish that waits). */
    Channel channelNow() throws IOException {
        return channel.get();
    }

    /**
     * Sends the request once. A refusal as busy ({@code SERVICE_BUSY}) is passed on as it came, with its retry hint:
     * the service measured that it could not serve the request on time and said when to come back (sending it again
     * here, as this client once did, only added round trips through a saturated broker; bench/README.md).
     */
    @Override
    public CompletableFuture<RpcResponse> send(String service, String method, String uri, Object data, Duration timeout) {
        long deadline = System.currentTimeMillis() + effectiveTimeout(timeout);
        Outgoing out = new Outgoing(service, method, uri, RpcContext.currentRequestId(), deadline);
        long timeoutMs = deadline - System.currentTimeMillis();
        if (timeoutMs <= 0) {
            // the deadline of the request being handled on this thread has passed: nothing is sent
            return CompletableFuture.failedFuture(timedOut(service, RpcTransportException.Kind.NOT_SENT));
        }
        // a body that cannot be written is the caller's mistake: it fails here, on the caller's thread, before
        // anything is pending
        byte[] body = RpcRequest.bytes(uri, method, config.serviceName(), out.requestId(), deadline, data);
        if (!Context.isOnEventLoopThread()) {
            return sendOnce(out, body);
        }
        CompletableFuture<RpcResponse> handedOff;
        try {
            handedOff = CompletableFuture.supplyAsync(() -> sendOnce(out, body), publisher).thenCompose(reply -> reply);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(brokerUnavailable()); // stopping
        }
        // the deadline holds while the publish waits as well (sendOnce's own timeout starts once the request is out);
        // given up on then, the request may still go out and be served: a timeout, not "not sent"
        return handedOff.orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .handle((response, error) -> answerOrTyped(response, error, service));
    }

    private record Outgoing(String service, String method, String uri, String requestId, long deadline) {
    }

    private CompletableFuture<RpcResponse> sendOnce(Outgoing out, byte[] body) {
        long timeoutMs = out.deadline() - System.currentTimeMillis();
        if (timeoutMs <= 0) {
            // the deadline passed before the request could go out: nothing is sent
            return CompletableFuture.failedFuture(timedOut(out.service(), RpcTransportException.Kind.NOT_SENT));
        }
        String correlationId = correlationPrefix + sent.incrementAndGet();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .correlationId(correlationId)
                .replyTo(DIRECT_REPLY_TO)
                .contentType("application/json")
                .expiration(Long.toString(timeoutMs))
                .build();
        CompletableFuture<RpcResponse> reply = new CompletableFuture<>();
        pending.put(correlationId, reply);
        try {
            Channel c = channel.get();
            if (!broker.isReady()) {
                pending.remove(correlationId);
                return CompletableFuture.failedFuture(brokerUnavailable());
            }
            synchronized (c) {
                c.basicPublish("", out.service() + ".request", true, props, body);
            }
        } catch (IOException | RuntimeException e) {
            pending.remove(correlationId);
            LOG.warnf("could not send %s %s to %s: %s", out.method(), out.uri(), out.service(), e.getMessage());
            return CompletableFuture.failedFuture(brokerUnavailable());
        }
        return reply.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).handle((response, error) -> {
            pending.remove(correlationId);
            return answerOrTyped(response, error, out.service());
        });
    }

    /** The answer, or the failure as the caller gets it: a timeout typed as one that may have been served. */
    private static RpcResponse answerOrTyped(RpcResponse response, Throwable error, String service) {
        if (error == null) {
            return response;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            throw new CompletionException(timedOut(service, RpcTransportException.Kind.TIMED_OUT));
        }
        throw new CompletionException(cause);
    }

    @Override
    public RpcResponse call(String service, String method, String uri, Object data, Duration timeout) {
        try {
            return send(service, method, uri, data, timeout).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ServiceException se) {
                throw se;
            }
            throw ServiceException.internal("RPC to " + service + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(ErrorStatus.UNAVAILABLE, "REQUEST_CANCELED", "The request was canceled.");
        }
    }


    /** Never waits past the deadline of the request being handled on this thread. */
    private long effectiveTimeout(Duration requested) {
        long timeoutMs = (requested == null ? config.defaultTimeout() : requested).toMillis();
        Long remaining = RpcContext.remainingMillis();
        return remaining == null ? timeoutMs : Math.min(timeoutMs, remaining - DEADLINE_MARGIN_MS);
    }

    private static ServiceException timedOut(String service, RpcTransportException.Kind kind) {
        return new RpcTransportException(kind, "REQUEST_TIMEOUT",
                "The request timed out waiting for " + service + ".");
    }

    private ServiceException brokerUnavailable() {
        return notServed(RpcTransportException.Kind.NOT_SENT, "The message broker is not reachable.");
    }

    /**
     * A request nobody saw (never published, or no queue took it): typed "not now" with a retry hint, which the
     * gateway passes on as {@code Retry-After}; a request that may have been served (answer lost or late) gets none,
     * since coming back is then a question about what happened rather than a new try. The message stays as it was:
     * it also becomes a call's hangup cause.
     */
    private ServiceException notServed(RpcTransportException.Kind kind, String message) {
        int hint = (int) Math.max(1, config.unavailableRetryAfter().toSeconds());
        return new RpcTransportException(kind, ApiError.retryLater(ErrorStatus.UNAVAILABLE, "SERVICE_UNAVAILABLE",
                message, hint));
    }

    /** Replies come back on the channel a request left from: once it closes, none of the waiting ones can. */
    private void failAllPending() {
        pending.values().forEach(reply -> reply.completeExceptionally(new RpcTransportException(
                RpcTransportException.Kind.ANSWER_LOST, "SERVICE_UNAVAILABLE",
                "The connection to the message broker was lost before the answer came.")));
    }

    private void onReply(Delivery delivery) {
        CompletableFuture<RpcResponse> reply = pending.get(delivery.getProperties().getCorrelationId());
        if (reply == null) {
            return; // the caller already gave up
        }
        try {
            reply.complete(Json.MAPPER.readValue(delivery.getBody(), RpcResponse.class));
        } catch (IOException e) {
            reply.completeExceptionally(ServiceException.internal("Unreadable reply: " + e.getMessage()));
        }
    }

    private void fail(String correlationId, ServiceException error) {
        CompletableFuture<RpcResponse> reply = correlationId == null ? null : pending.get(correlationId);
        if (reply != null) {
            reply.completeExceptionally(error);
        }
    }
}
