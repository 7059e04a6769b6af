package io.provtest.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/** Publishes this service's events to its exchange {@code <service>.events}. */
public interface EventPublisher {

    /**
     * Returns once the broker has confirmed the event; throws a typed UNAVAILABLE error if it did not within the
     * confirm timeout, so that nothing is reported as published before it was.
     */
    void publish(String type, Object data);

    /**
     * Publishes without waiting: the future completes when the broker confirmed the event and fails when it refused
     * it, the connection closed first, or no confirm came within the timeout. For a relay that keeps events until
     * they are confirmed; {@code requestId} is the one of the request that caused the event.
     */
    CompletableFuture<Void> send(String type, String requestId, JsonNode data);
}
