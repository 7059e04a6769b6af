package io.provtest.call.outbox;

/**
 * One stored event waiting for the broker's confirm: its data as the JSON text stored, and the customer that data names
 * (null when none).
 */
public record OutboxEvent(long seq, String type, String requestId, String dataJson, String customerId) {
}
