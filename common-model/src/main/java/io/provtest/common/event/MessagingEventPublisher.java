package io.provtest.common.event;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.amqp.Broker;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.request.RequestIds;
import io.provtest.common.rpc.RpcConfig;
import io.provtest.common.rpc.RpcContext;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQConnector;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.jboss.logging.Logger;

/**
 * Events on the SmallRye Reactive Messaging RabbitMQ channel {@code events}, which every service binds to its topic
 * exchange {@code <service>.events} with publisher confirms (common-model's microprofile-config.properties). The
 * routing key is the event type. A send completes when the broker confirmed it: the connector acks the message only
 * then. Application-scoped, so the emitter is made on first use, after the messaging layer has wired its channels
 * (services are built by start-up observers earlier than that).
 */
@ApplicationScoped
public class MessagingEventPublisher implements EventPublisher {

    public static final String CHANNEL = "events";
    private static final Logger LOG = Logger.getLogger(MessagingEventPublisher.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);

    /** How often a send waiting for the broker to take events looks again, and how long it waits at most. */
    private static final Duration TAKES_EVENTS_POLL = Duration.ofMillis(50);
    private static final Duration TAKES_EVENTS_WAIT = CONFIRM_TIMEOUT;
    /** How long the events channel's connection, as last read from the connector, is taken as it was. */
    private static final long CHANNEL_CHECK_NANOS = Duration.ofMillis(50).toNanos();

    /** The plain thread the sends before the channel's first confirm are handed over from (see {@link #sent}). */
    private static final Executor OPENER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "events-channel-opener");
        thread.setDaemon(true);
        return thread;
    });

    /** How long sends may fail unconfirmed with the broker there before liveness goes down. */
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

    private final MutinyEmitter<byte[]> emitter;
    private final String publisher;
    private final LostChannelConfirms lostChannelConfirms;
    private final Broker broker;
    private final Instance<RabbitMQConnector> connector;
    private final ConfirmWatch watch = new ConfirmWatch(STALL_LIMIT);
    /** A send was confirmed: the channel exists, so its connector's readiness tells whether it is connected. */
    private volatile boolean channelUsed;
    private volatile boolean channelUp = true;
    private volatile long channelCheckedAt;

    public MessagingEventPublisher(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                                   MutinyEmitter<byte[]> emitter, RpcConfig config,
                                   LostChannelConfirms lostChannelConfirms, Broker broker,
                                   @Connector(RabbitMQConnector.CONNECTOR_NAME) Instance<RabbitMQConnector> connector) {
        this.emitter = emitter;
        this.publisher = config.serviceName();
        this.lostChannelConfirms = lostChannelConfirms;
        this.broker = broker;
        this.connector = connector;
    }

    /** How long the channel has failed to confirm with the broker there, or null (EventsChannelHealthCheck). */
    Duration stalledFor() {
        return watch.stalledFor(System.nanoTime());
    }

    /**
     * The service's own connection (Broker) says whether the broker is there and takes messages; the connector's
     * readiness says whether the events channel, a connection of its own, is back too: it may reconnect later than
     * the service's connection, and what it is handed until then is sent at its reconnection without its confirm
     * ever being answered (common-model README, "The outgoing channel after a broker restart"). Before the channel's
     * first send the connector reports it as not connected: it connects at that send.
     */
    @Override
    public boolean takesEvents() {
        return brokerTakesMessages() && (!channelUsed || channelConnected());
    }

    /** The service's own connection is ready and the broker does not hold what it publishes (a resource alarm). */
    private boolean brokerTakesMessages() {
        return broker.isReady() && !broker.isBlocked();
    }

    /** Read from the connector at most every 50 ms: every send asks (the report reads each channel's settings). */
    private boolean channelConnected() {
        long now = System.nanoTime();
        if (now - channelCheckedAt < CHANNEL_CHECK_NANOS) {
            return channelUp;
        }
        boolean up = true; // no report for it: nothing to wait for
        for (HealthReport.ChannelInfo channel : connector.get().getReadiness().getChannels()) {
            if (CHANNEL.equals(channel.getChannel())) {
                up = channel.isOk();
                break;
            }
        }
        channelUp = up;
        channelCheckedAt = now;
        return up;
    }

    /**
     * Completes once the broker takes events ({@link #takesEvents}), at once in the usual case; after 5 s of not,
     * fails with a typed 503 that says nothing was sent. An event handed to the channel while it is away would go out
     * at its reconnection with its confirm never answered: its sender told it failed (its change rolled back) while
     * its consumers get it. Waiting here also rides out the moment after a broker restart when the service's own
     * connection is back and the channel is not yet.
     */
    private Uni<Void> whenTakingEvents(String type) {
        return Uni.createFrom().<Void>deferred(() -> takesEvents() ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(NotTakingEvents.INSTANCE))
                .onFailure(NotTakingEvents.class).retry().withBackOff(TAKES_EVENTS_POLL, TAKES_EVENTS_POLL)
                .withJitter(0).atMost(TAKES_EVENTS_WAIT.toMillis() / TAKES_EVENTS_POLL.toMillis())
                .onFailure(NotTakingEvents.class).transform(e -> new ServiceException(ApiError.retryLater(
                        ErrorStatus.UNAVAILABLE, "BROKER_UNAVAILABLE", "The message broker does not take events now;"
                                + " the " + type + " event was not sent.", (int) TAKES_EVENTS_WAIT.toSeconds())));
    }

    /** The broker still does not take events: a wait's turn to look again. */
    private static final class NotTakingEvents extends RuntimeException {
        static final NotTakingEvents INSTANCE = new NotTakingEvents();

        private NotTakingEvents() {
            super(null, null, false, false);
        }
    }

    @Override
    public void publish(String type, Object data) {
        confirmed(type, body(type, requestIdFor(RpcContext.currentRequestId()), data)).await().indefinitely();
    }

    @Override
    public Uni<Void> publishing(String type, Object data) {
        return publishing(type, RpcContext.currentRequestId(), data);
    }

    @Override
    public Uni<Void> publishing(String type, String requestId, Object data) {
        Context caller = Vertx.currentContext();
        Uni<Void> sent = confirmed(type, body(type, requestIdFor(requestId), data));
        // Continue where the caller was: a Hibernate Reactive session must stay on its own context.
        return caller == null ? sent : sent.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    @Override
    public CompletableFuture<Void> send(String type, String requestId, JsonNode data) {
        return plain(confirmed(type, body(type, requestIdFor(requestId), data)));
    }

    @Override
    public CompletableFuture<Void> sendJson(String type, String requestId, String dataJson, String customerId) {
        return plain(confirmed(type, envelope(type, publisher, requestIdFor(requestId), dataJson), customerId));
    }

    /**
     * The send as a plain future. Mutiny's {@code subscribeAsCompletionStage()} hands out a future wrapped for
     * context propagation, and the link it adds to cancel the send with the future made a second one and captured
     * the sending thread's contexts: 5.7 % of call-manager's allocation, on its outbox relay, at 300 calls/s
     * (bench/README.md, "What call-manager allocates per call"). Nothing here carries a context to a send's
     * completion (the relay joins its futures; the prober's warning names its provider), and none is cancelled.
     */
    private static CompletableFuture<Void> plain(Uni<Void> send) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        send.subscribe().with(ignored -> done.complete(null), done::completeExceptionally);
        return done;
    }

    /**
     * The request id an event goes out with: the one of the work that caused it, or a new one when that work had
     * none (a timer, a start-up task, a row stored before ids were kept), so that every event carries one and a
     * reader can still follow the events of one such piece of work in the logs.
     */
    static String requestIdFor(String causing) {
        return causing != null ? causing : RequestIds.generate();
    }

    /**
     * The bytes {@link EventEnvelope} would give for the JSON text {@code dataJson}, with that text put in as it is:
     * neither parsed nor written again (call-manager's relay sends thousands a second; its outbox keeps the compact
     * text it wrote). Only the three names are written, escaped as JSON strings.
     */
    static byte[] envelope(String type, String publisher, String requestId, String dataJson) {
        StringBuilder json = new StringBuilder(dataJson == null ? 128 : dataJson.length() + 128);
        json.append("{\"type\":");
        quoted(json, type);
        json.append(",\"publisher\":");
        quoted(json, publisher);
        if (requestId != null) {
            json.append(",\"request_id\":");
            quoted(json, requestId);
        }
        if (dataJson != null) {
            json.append(",\"data\":").append(dataJson);
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void quoted(StringBuilder json, String text) {
        json.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, json);
        json.append('"');
    }

    private EventBody body(String type, String requestId, Object data) {
        return EventBody.of(type, publisher, requestId, data);
    }

    private Uni<Void> confirmed(String type, EventBody body) {
        return confirmed(type, body.bytes(), body.customerId());
    }

    private Uni<Void> confirmed(String type, byte[] body, String customerId) {
        OutgoingRabbitMQMetadata.Builder builder = OutgoingRabbitMQMetadata.builder()
                .withRoutingKey(type)
                .withType(type)
                .withContentType("application/json")
                .withContentEncoding(StandardCharsets.UTF_8.name())
                .withDeliveryMode(2);
        if (customerId != null) {
            builder.withHeader(EventEnvelope.CUSTOMER_HEADER, customerId);
        }
        OutgoingRabbitMQMetadata metadata = builder.build();
        // the usual case asks once and sends; the wait's operators are built only when the broker does not take events
        return Uni.createFrom().deferred(() -> takesEvents() ? sent(type, body, metadata)
                : whenTakingEvents(type).chain(() -> sent(type, body, metadata)));
    }

    private Uni<Void> sent(String type, byte[] body, OutgoingRabbitMQMetadata metadata) {
        Uni<Void> send = Uni.createFrom().deferred(() -> emitter.sendMessage(Message.of(body, Metadata.of(metadata))));
        if (!channelUsed && Vertx.currentContext() != null) {
            // The connector opens the channel at its first send and makes its publisher on the sender's Vert.x
            // context. Made on a worker's duplicated context (a @Blocking handler's, route-manager's provider probes),
            // it lost that send's confirm and others for as long as the process ran (bench/README.md, "The events
            // channel opened from a worker"); made from a plain thread it gets an event loop's context of its own.
            send = send.runSubscriptionOn(OPENER);
        }
        return send
                .ifNoItem().after(CONFIRM_TIMEOUT).fail()
                .invoke(() -> {
                    channelUsed = true;
                    watch.confirmed();
                    lostChannelConfirms.afterConfirmed(CHANNEL);
                })
                .onFailure().transform(e -> {
                    watch.unconfirmed(System.nanoTime(), brokerTakesMessages());
                    LOG.warnf("event %s not confirmed: %s", type, e instanceof TimeoutException
                            ? "no answer from the broker within " + CONFIRM_TIMEOUT.toSeconds() + " s" : e.toString());
                    return new ServiceException(ErrorStatus.UNAVAILABLE, "EVENT_NOT_CONFIRMED",
                            "The message broker did not confirm the " + type + " event.");
                });
    }
}
