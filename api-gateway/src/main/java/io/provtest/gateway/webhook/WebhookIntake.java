package io.provtest.gateway.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.common.db.Db;
import io.provtest.common.json.Json;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.CustomerScope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The events customers' webhooks receive, from two SmallRye RabbitMQ channels: {@value #CALL_EVENTS} (durable queue
 * {@code api-gateway.webhook-call-events}, fed from {@code call-manager.events}) and {@value #PROVIDERCALL_EVENTS}
 * (durable queue {@code api-gateway.webhook-providercall-events}, fed from {@code route-manager.events}); the broker
 * brings only the events of customers with a webhook ({@link WebhookRouting}). Both queues are shared by every
 * gateway replica.
 *
 * <p>Each event becomes a delivery row when its customer has a webhook as stored (one insert … select, which queues
 * nothing for a customer without one: an event routed before its webhook was removed), and the dispatcher is woken.
 * Handled one at a time per channel on a worker thread ({@code @Blocking}, ordered), so one call's events are queued
 * in the order they arrived. The message is acknowledged only after the row is
 * committed: a failure to store it (the database away) is thrown, and the message goes back to the queue.
 */
@ApplicationScoped
public class WebhookIntake {

    public static final String CALL_EVENTS = "webhook-call-events";
    public static final String PROVIDERCALL_EVENTS = "webhook-providercall-events";
    private static final Logger LOG = Logger.getLogger(WebhookIntake.class);

    /** An event as a customer receives it. */
    record Queued(UUID id, UUID customerId, String type, String orderKey, String body) {
    }

    private final WebhookDeliveryRepository deliveries;
    private final WebhookDispatcher dispatcher;
    private final WebhookConfig config;

    public WebhookIntake(WebhookDeliveryRepository deliveries, WebhookDispatcher dispatcher,
                         WebhookConfig config) {
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.config = config;
    }

    @Incoming(CALL_EVENTS)
    @Blocking
    public void onCallEvent(byte[] message) {
        take(message);
    }

    @Incoming(PROVIDERCALL_EVENTS)
    @Blocking
    public void onProviderCallEvent(byte[] message) {
        take(message);
    }

    private void take(byte[] message) {
        Event event = read(message);
        if (event == null) {
            return;
        }
        Instant now = Instant.now();
        boolean queued;
        try {
            Queued delivery = queued(event, UUID.randomUUID());
            queued = Db.transaction(() -> deliveries.enqueue(delivery.id(), delivery.customerId(), delivery.type(),
                    delivery.orderKey(), delivery.body(), now, now.plus(config.giveUpAfter())));
        } catch (RuntimeException e) {
            // back to the queue; a pause first, so a database outage is not a busy loop of redeliveries
            pause();
            throw e;
        }
        if (queued) {
            dispatcher.wake();
        }
    }

    /** An event as read from the queue: its envelope, type, customer and the resource it is about. */
    record Event(ObjectNode envelope, String type, UUID customerId, String resourceId) {
    }

    /** The event, or null when it names no type, customer or resource (logged and dropped). */
    static Event read(byte[] message) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(message);
        } catch (Exception e) {
            LOG.warnf("an unreadable event was dropped: %s", e.getMessage());
            return null;
        }
        String type = event.path("type").asText("");
        JsonNode data = event.path("data");
        String customerId = data.path("customer_id").asText("");
        // a report names its provider call as providercall_id and may have no id of its own
        String resourceId = data.path("id").asText(data.path("providercall_id").asText(""));
        if (type.isEmpty() || !(event instanceof ObjectNode envelope) || !Ids.isUuid(customerId)
                || resourceId.isEmpty()) {
            LOG.warnf("an event without type, customer or id was dropped (type '%s')", type);
            return null;
        }
        return new Event(envelope, type, UUID.fromString(customerId), resourceId);
    }

    /**
     * The delivery an event makes: its body is the event envelope ({@code type}, {@code publisher},
     * {@code request_id}, {@code data}) plus {@code webhook_id} (the {@code X-Webhook-Id}), with the internal
     * metadata of calls and groupcalls removed.
     */
    static Queued queued(Event event, UUID deliveryId) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("webhook_id", deliveryId.toString());
        body.put("type", event.type());
        body.setAll(event.envelope());
        if (body.path("data").path("metadata") instanceof ObjectNode metadata) {
            metadata.remove(CustomerScope.INTERNAL_METADATA);
        }
        return new Queued(deliveryId, event.customerId(), event.type(), event.resourceId(),
                new String(Json.bytes(body), StandardCharsets.UTF_8));
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
