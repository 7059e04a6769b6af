package io.provtest.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;

/** Publishes this service's events to its exchange {@code <service>.events}, each confirmed by the broker. */
public interface EventPublisher {

    /**
     * Returns once the broker has confirmed the event; throws a typed UNAVAILABLE error if it did not within the
     * confirm timeout, so that nothing is reported as published before it was. For threads that may block.
     */
    void publish(String type, Object data);

    /**
     * The same inside a reactive chain (a transaction publishing before it commits): the Uni completes when the
     * broker confirmed the event, back on the caller's Vert.x context, and fails with a typed UNAVAILABLE error
     * otherwise. The request id is the one of the work that calls this.
     */
    Uni<Void> publishing(String type, Object data);

    /**
     * {@link #publishing(String, Object)} with the request id given: for work that publishes the events of several
     * requests at once (a batch of charges, each event with the id of the hangup that caused it).
     */
    Uni<Void> publishing(String type, String requestId, Object data);

    /**
     * Publishes without waiting: the future completes when the broker confirmed the event and fails when it refused
     * it or no confirm came within the timeout. For a relay that keeps events until they are confirmed;
     * {@code requestId} is the one of the request that caused the event.
     */
    CompletableFuture<Void> send(String type, String requestId, JsonNode data);

    /**
     * {@link #send} for an event whose data is already compact JSON text (a relay reading stored events): the text
     * goes into the envelope as it is, without being parsed, so the caller says which customer it names
     * ({@link EventEnvelope#customerOf}: the routing header; null when none).
     */
    CompletableFuture<Void> sendJson(String type, String requestId, String dataJson, String customerId);

    /**
     * Whether an event sent now can be confirmed: the broker is reachable, does not hold what is published (a resource
     * alarm), and the events channel is connected (or not used yet: it connects at its first event). A relay that
     * keeps events sends nothing while not: the publisher keeps what it is handed while its channel is away and sends
     * it at its return, with every copy the relay sent again meanwhile.
     */
    boolean takesEvents();
}
