package io.provtest.call.outbox;

import com.fasterxml.jackson.databind.JsonNode;

/** One stored event waiting for the broker's confirm. */
public record OutboxEvent(long seq, String type, String requestId, JsonNode data) {
}
