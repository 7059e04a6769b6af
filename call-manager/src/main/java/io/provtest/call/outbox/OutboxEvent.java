package io.provtest.call.outbox;


/** One stored event waiting for the broker's confirm; its data as the JSON text stored. */
public record OutboxEvent(long seq, String type, String requestId, String dataJson) {
}
