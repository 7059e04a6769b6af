package io.provtest.gateway.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A delivery as the log shows it ({@code GET /v1.0/webhook-deliveries}): the event, where it went, its state and
 * every attempt. The body and the signature are not shown (the customer's receiver has them).
 *
 * @param status {@code pending} (waiting for its next attempt), {@code delivered} (a 2xx answer), {@code failed}
 *               (given up after {@code WEBHOOK_GIVE_UP_AFTER}), {@code refused} (the address rules refused the
 *               target; not tried again)
 */
public record WebhookDelivery(UUID id, UUID customerId, String eventType, String resourceId, String uri,
                              String method, String status, int attemptCount, List<Attempt> attempts,
                              Integer lastStatusCode, String lastError, Integer lastLatencyMs, Instant nextAttemptAt,
                              Instant tmCreate, Instant tmUpdate, Instant tmDelivered) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String REFUSED = "refused";

    /**
     * One attempt: when it started, the HTTP status code (null when no answer came), how long until the answer (or
     * the failure), and why it failed when no status code says it.
     */
    public record Attempt(int n, Instant tmStart, Integer statusCode, long latencyMs, String error) {
    }
}
