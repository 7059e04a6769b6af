package io.provtest.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.request.RequestIds;
import io.provtest.common.rpc.RpcConfig;
import io.provtest.common.rpc.RpcContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
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

    private final MutinyEmitter<byte[]> emitter;
    private final String publisher;

    public MessagingEventPublisher(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
                                   MutinyEmitter<byte[]> emitter, RpcConfig config) {
        this.emitter = emitter;
        this.publisher = config.serviceName();
    }

    @Override
    public void publish(String type, Object data) {
        confirmed(type, requestIdFor(RpcContext.currentRequestId()), tree(data)).await().indefinitely();
    }

    @Override
    public Uni<Void> publishing(String type, Object data) {
        return publishing(type, RpcContext.currentRequestId(), data);
    }

    @Override
    public Uni<Void> publishing(String type, String requestId, Object data) {
        Context caller = Vertx.currentContext();
        Uni<Void> sent = confirmed(type, requestIdFor(requestId), tree(data));
        // Continue where the caller was: a Hibernate Reactive session must stay on its own context.
        return caller == null ? sent : sent.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    @Override
    public CompletableFuture<Void> send(String type, String requestId, JsonNode data) {
        return confirmed(type, requestIdFor(requestId), data).subscribeAsCompletionStage();
    }

    @Override
    public CompletableFuture<Void> sendJson(String type, String requestId, String dataJson) {
        Encoded event = envelope(type, publisher, requestIdFor(requestId), dataJson);
        return confirmed(type, event.body(), event.customerId()).subscribeAsCompletionStage();
    }

    /**
     * The request id an event goes out with: the one of the work that caused it, or a new one when that work had
     * none (a timer, a start-up task, a row stored before ids were kept), so that every event carries one and a
     * reader can still follow the events of one such piece of work in the logs.
     */
    static String requestIdFor(String causing) {
        return causing != null ? causing : RequestIds.generate();
    }

    /** An event's body and the customer its data names (null when none). */
    record Encoded(byte[] body, String customerId) {
    }

    /**
     * The same bytes {@link EventEnvelope} would give for {@code dataJson}, without building its tree, and the
     * customer it names ({@link EventEnvelope#customerOf}), picked up on the way.
     */
    static Encoded envelope(String type, String publisher, String requestId, String dataJson) {
        String customerId = null;
        ByteArrayOutputStream out = new ByteArrayOutputStream(dataJson == null ? 128 : dataJson.length() + 128);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", type);
            g.writeStringField("publisher", publisher);
            if (requestId != null) {
                g.writeStringField("request_id", requestId);
            }
            if (dataJson != null) {
                // copied token by token, not parsed into a tree: PostgreSQL's jsonb text has spaces after ':' and
                // ',' that our compact JSON never has, and consumers may compare the text
                g.writeFieldName("data");
                try (JsonParser p = Json.MAPPER.getFactory().createParser(dataJson)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        g.copyCurrentStructure(p);
                    } else {
                        g.writeStartObject();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            g.writeFieldName(name);
                            if (p.nextToken() == JsonToken.VALUE_STRING && customerId == null
                                    && EventEnvelope.CUSTOMER_HEADER.equals(name)) {
                                customerId = p.getText();
                            }
                            g.copyCurrentStructure(p);
                        }
                        g.writeEndObject();
                    }
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Encoded(out.toByteArray(), customerId);
    }

    private Uni<Void> confirmed(String type, String requestId, JsonNode data) {
        return confirmed(type, Json.bytes(new EventEnvelope(type, publisher, requestId, data)),
                EventEnvelope.customerOf(data));
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
        return Uni.createFrom().deferred(() -> emitter.sendMessage(Message.of(body, Metadata.of(metadata))))
                .ifNoItem().after(CONFIRM_TIMEOUT).fail()
                .onFailure().transform(e -> {
                    LOG.warnf("event %s not confirmed: %s", type, e.getMessage());
                    return new ServiceException(ErrorStatus.UNAVAILABLE, "EVENT_NOT_CONFIRMED",
                            "The message broker did not confirm the " + type + " event.");
                });
    }

    private static JsonNode tree(Object data) {
        return data == null ? null : data instanceof JsonNode node ? node : Json.tree(data);
    }
}
