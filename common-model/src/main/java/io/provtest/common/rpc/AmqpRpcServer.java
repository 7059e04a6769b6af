package io.provtest.common.rpc;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import io.provtest.common.amqp.Broker;
import io.provtest.common.amqp.KeptChannel;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.json.Json;
import io.provtest.common.request.RequestIds;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Serves the durable queue {@code <service>.request}. A request is handled on a worker thread, replied to, and only
 * then acknowledged, so a crash mid-way redelivers it. A message that is not even an envelope goes to the
 * dead-letter queue {@code <service>.request.dead} rather than round the loop forever (queue type, delivery limit
 * and the dead letters' bounds: {@link io.provtest.common.amqp.QueueLayout}). Requests to routes that wait
 * on other services run on their own bounded pool (see {@link RpcRouter#waitingOnOthers()}).
 */
@Singleton
public class AmqpRpcServer {

    private static final Logger LOG = Logger.getLogger(AmqpRpcServer.class);

    /**
     * The hint given with a refusal at the orchestration limit. With it the caller's RPC client passes the refusal on
     * at once instead of sending the request again (AmqpRpcClient): under overload every retry was one more round
     * trip through a saturated broker, and refusals took seconds (bench/calls.sh).
     */
    static final int BUSY_RETRY_AFTER_SECONDS = 1;
    static final String SERVICE_BUSY = "SERVICE_BUSY";

    private final Broker broker;
    private final RpcConfig config;
    private final RpcRouter router = new RpcRouter();
    private final List<WarmupRequest> warmupRequests = new ArrayList<>();
    private final Instance<RpcClient> clients;
    private volatile RpcWarmup.Outcome warmup;
    private ExecutorService workers;
    private ExecutorService orchestrations;
    private SlotQueue<Taken> orchestrationSlots;
    private ScheduledExecutorService queueSweeper;
    private KeptChannel channel;
    private volatile boolean serving;

    /**
     * When the server starts consuming: after every other start-up step of the service (those without a priority
     * run at 2500), so that a request is taken only once the service can serve it. A restarted call-manager took
     * create requests from the queue before its media engine had started and failed them ("The INVITE could not
     * be sent: … this.selector is null"), and its start-up reconciliation would have ended calls it had just
     * placed; requests that wait in the durable queue for a few seconds more lose nothing.
     */
    public static final int SERVE_PRIORITY = 5000;
    private volatile boolean sharedPaused;
    private volatile String sharedConsumer;

    public AmqpRpcServer(Broker broker, RpcConfig config, Instance<RpcRoutes> routes, Instance<RpcClient> clients) {
        this.broker = broker;
        this.config = config;
        this.clients = clients;
        routes.forEach(r -> {
            r.register(router);
            warmupRequests.addAll(r.warmup());
        });
    }

    /** What the warm-up before serving did (null: none ran). */
    public RpcWarmup.Outcome warmup() {
        return warmup;
    }

    public String requestQueue() {
        return config.serviceName() + ".request";
    }

    /** Whether requests are being taken (always true when this service runs no server). */
    public boolean serving() {
        return serving || !config.server().enabled();
    }

    void onStart(@Observes @Priority(SERVE_PRIORITY) StartupEvent event) throws IOException {
        if (!config.server().enabled()) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.server().workers(), r -> {
            Thread t = new Thread(r, "rpc-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        int slots = Math.max(1, Math.min(config.server().orchestrationWorkers(), config.server().prefetch() / 2));
        // the waiting ones hold prefetch too: with the running ones at most three quarters of it, the rest stays
        // open to the quick requests
        int mayWait = Math.max(0, Math.min(config.server().orchestrationQueue(),
                config.server().prefetch() * 3 / 4 - slots));
        long wait = config.server().orchestrationQueueWait().toNanos();
        orchestrationSlots = new SlotQueue<>(slots, mayWait, wait);
        orchestrations = Executors.newFixedThreadPool(slots, r -> {
            Thread t = new Thread(r, "rpc-orchestration-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        if (mayWait > 0 && wait > 0) {
            queueSweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rpc-orchestration-queue");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(TimeUnit.MILLISECONDS.toNanos(5), wait / 2);
            queueSweeper.scheduleWithFixedDelay(this::refuseExpired, every, every, TimeUnit.NANOSECONDS);
        }
        warmup = warmUp();
        String queue = requestQueue();
        channel = broker.keep("RPC server", c -> {
            broker.declare(c, broker.queues().requestQueue(queue));
            c.basicQos(config.server().prefetch());
            if (!sharedPaused) {
                sharedConsumer = c.basicConsume(queue, false, (tag, delivery) -> {
                    if (sharedPaused) {
                        // taken before the pause: back to the queue for another replica
                        settle(c, () -> c.basicReject(delivery.getEnvelope().getDeliveryTag(), true));
                    } else {
                        accept(c, delivery);
                    }
                }, tag -> { });
            }
            if (config.server().instanceQueue().isPresent()) {
                String own = config.server().instanceQueue().get();
                broker.declare(c, broker.queues().instanceQueue(own));
                c.basicConsume(own, false, (tag, delivery) -> accept(c, delivery), tag -> { });
            }
        });
        channel.get();
        serving = true;
        config.server().instanceQueue().ifPresent(own -> LOG.infof("also serving this instance's queue %s", own));
        LOG.infof("serving %s with %d routes: %s", queue, router.describe().size(), router.describe());
    }

    /**
     * Sends this service's {@link WarmupRequest}s to itself before it serves ({@link RpcWarmup}): through a queue of
     * its own, exclusive and deleted with its consumer, that the server consumes exactly as its request queue, so
     * the requests take the whole path of real ones (the client's publish and reply, the consumer, the pools, the
     * handlers, the database) and no other replica sees them. Readiness waits for it; one that fails or runs out of
     * time is logged and the service serves all the same.
     */
    private RpcWarmup.Outcome warmUp() {
        int count = config.server().warmupRequests();
        if (count <= 0 || warmupRequests.isEmpty() || !clients.isResolvable()) {
            return null;
        }
        String loop = config.serviceName() + ".warmup-" + UUID.randomUUID().toString().substring(0, 8);
        Channel c = null;
        try {
            c = broker.newChannel();
            Channel on = c;
            c.queueDeclare(loop + ".request", false, true, true, null);
            c.basicQos(config.server().prefetch());
            c.basicConsume(loop + ".request", false, (tag, delivery) -> accept(on, delivery), tag -> { });
            RpcWarmup.Outcome outcome = new RpcWarmup(clients.get(), loop, warmupRequests)
                    .run(count, config.server().warmupTimeout());
            if (outcome.complete()) {
                LOG.infof("warmed up: %d requests to %d routes in %d ms, each refused as expected", outcome.sent(),
                        warmupRequests.size(), outcome.millis());
            } else {
                LOG.warnf("warm-up stopped after %d of %d requests (%d refused as expected) in %d ms: %s",
                        outcome.sent(), outcome.asked(), outcome.refusedAsExpected(), outcome.millis(),
                        outcome.unexpected() == null ? "out of time" : outcome.unexpected());
            }
            return outcome;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("warm-up not run: %s", e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (c != null) {
                // an answer still out after a timeout is settled on this channel, and fails once it is closed
                try {
                    synchronized (c) {
                        c.close();
                    }
                } catch (IOException | TimeoutException | RuntimeException e) {
                    LOG.debugf("the warm-up's channel closed with %s", e.getMessage());
                }
            }
        }
    }

    /**
     * Stops taking requests from the shared queue (a draining instance takes no new work; other replicas do), while
     * this instance's own queue is still served: requests about what it holds keep reaching it. For good.
     */
    public void pauseSharedQueue() {
        sharedPaused = true;
        if (channel == null || sharedConsumer == null) {
            return;
        }
        try {
            Channel c = channel.get();
            synchronized (c) {
                c.basicCancel(sharedConsumer);
            }
            LOG.infof("no longer taking requests from %s", requestQueue());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not stop consuming %s (requests still taken are handed back): %s", requestQueue(),
                    e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (workers != null) {
            if (queueSweeper != null) {
                queueSweeper.shutdownNow();
            }
            workers.shutdown();
            orchestrations.shutdown();
            workers.awaitTermination(5, TimeUnit.SECONDS);
            orchestrations.awaitTermination(5, TimeUnit.SECONDS);
            channel.close();
        }
    }

    /**
     * On the consumer thread: parse, then hand over to the pool the route belongs to. The request is settled on the
     * channel it came from: its delivery tag means nothing on another one.
     */
    private void accept(Channel from, Delivery delivery) {
        long received = System.currentTimeMillis();
        long tag = delivery.getEnvelope().getDeliveryTag();
        RpcRequest request;
        try {
            request = Json.MAPPER.readValue(delivery.getBody(), RpcRequest.class);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("unparseable message on %s sent to the dead-letter queue: %s", requestQueue(), e.getMessage());
            settle(from, () -> from.basicReject(tag, false));
            return;
        }
        // one match decides the gate, the pool and the handler (the consumer thread serves every request of the queue)
        RpcRouter.Match match = request.method() == null || request.uri() == null ? null
                : router.match(request.method(), request.uri());
        ApiError refused = gate(match, request);
        if (refused != null) {
            reply(from, delivery, RpcReplies.of(RpcResponse.failure(refused)));
            return;
        }
        Taken taken = new Taken(from, delivery, request, match, received);
        if (match == null || !match.waitsOnOthers()) {
            workers.execute(() -> process(taken));
        } else {
            switch (orchestrationSlots.offer(taken, System.nanoTime())) {
                case RUN -> orchestrations.execute(() -> orchestrate(taken));
                case QUEUED -> { } // run by the next orchestration to finish, or refused by the sweeper
                case REFUSED -> refuseBusy(taken);
            }
        }
    }

    /**
     * A request taken off the queue, with what it needs to be processed and settled later; {@code received}: when the
     * consumer took it (epoch ms), for a late answer's account of where its time went.
     */
    private record Taken(Channel from, Delivery delivery, RpcRequest request, RpcRouter.Match match, long received) {
    }

    /** Runs in an orchestration slot, then the requests that waited for it, and gives the slot back. */
    private void orchestrate(Taken first) {
        Taken current = first;
        while (current != null) {
            try {
                process(current);
            } catch (RuntimeException e) {
                LOG.warnf("an orchestration on %s failed outside its handler: %s", requestQueue(), e.getMessage());
            } catch (Error e) {
                // a stack overflow or an out-of-memory in a handler: the slot goes on (or back) before the error
                // ends this task, so the pool never shrinks by a lost slot
                Taken next = handOnSlot();
                if (next != null) {
                    orchestrations.execute(() -> orchestrate(next));
                }
                throw e;
            }
            current = handOnSlot();
        }
    }

    /** The slot just freed: to the oldest request still in its time (returned), or back; those out of time refused. */
    private Taken handOnSlot() {
        List<Taken> expired = new ArrayList<>();
        Taken next = orchestrationSlots.release(System.nanoTime(), expired);
        expired.forEach(this::refuseBusy);
        return next;
    }

    private void refuseExpired() {
        List<Taken> expired = new ArrayList<>();
        orchestrationSlots.expire(System.nanoTime(), expired);
        expired.forEach(this::refuseBusy);
    }

    private void refuseBusy(Taken taken) {
        reply(taken.from(), taken.delivery(), RpcReplies.of(RpcResponse.failure(ApiError.retryLater(
                ErrorStatus.UNAVAILABLE, SERVICE_BUSY, config.serviceName() + " is at its limit of concurrent "
                        + taken.request().method() + " " + taken.request().uri() + " requests; retry after "
                        + BUSY_RETRY_AFTER_SECONDS + " s.", BUSY_RETRY_AFTER_SECONDS))));
    }

    /** The route's gate (RpcRouter#gatedBy), asked here so that its refusal never waits for a worker. */
    private ApiError gate(RpcRouter.Match match, RpcRequest request) {
        if (match == null || match.gate() == null) {
            return null;
        }
        try {
            return match.gate().get();
        } catch (RuntimeException e) {
            // a gate that fails lets the request in: the handler's own checks still apply
            LOG.warnf("the gate of %s %s failed: %s", request.method(), request.uri(), e.getMessage());
            return null;
        }
    }

    private void process(Taken taken) {
        Channel from = taken.from();
        Delivery delivery = taken.delivery();
        RpcRequest request = taken.request();
        long received = taken.received();
        long started = System.currentTimeMillis();
        if (request.deadline() != null && started > request.deadline()) {
            LOG.warnf("%s %s %s", request.method(), request.uri(),
                    LateAnswer.dropped(request.deadline(), received, started));
            long tag = delivery.getEnvelope().getDeliveryTag();
            settle(from, () -> from.basicAck(tag, false));
            return;
        }
        byte[] response;
        // a caller that sent no request id (a script, a test) still gets one: every log line and event carries it
        String requestId = request.requestId() != null ? request.requestId() : RequestIds.generate();
        try (RpcContext.Scope ignored = RpcContext.open(requestId, request.deadline(),
                delivery.getProperties().getCorrelationId())) {
            response = RpcDispatcher.dispatch(request, taken.match());
            String late = LateAnswer.describe(request.deadline(), received, started, System.currentTimeMillis());
            if (late != null) {
                // its caller has given up: an operator needs to know whether the wait was in the broker, for a
                // worker or in the handler, and which request it was (the request id is in the log line)
                LOG.warnf("%s %s %s", request.method(), request.uri(), late);
            }
        }
        reply(from, delivery, response);
    }

    private void reply(Channel from, Delivery delivery, byte[] body) {
        long tag = delivery.getEnvelope().getDeliveryTag();
        String replyTo = delivery.getProperties().getReplyTo();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .correlationId(delivery.getProperties().getCorrelationId())
                .contentType("application/json")
                .build();
        settle(from, () -> {
            if (replyTo != null && !replyTo.isEmpty()) {
                from.basicPublish("", replyTo, props, body);
            }
            from.basicAck(tag, false);
        });
    }

    private void settle(Channel from, ChannelWork work) {
        try {
            synchronized (from) {
                work.run();
            }
        } catch (IOException | RuntimeException e) {
            // The connection or channel went down mid-reply: the unacked request is redelivered.
            LOG.warnf("could not settle a request on %s: %s", requestQueue(), e.getMessage());
        }
    }

    private interface ChannelWork {
        void run() throws IOException;
    }
}
