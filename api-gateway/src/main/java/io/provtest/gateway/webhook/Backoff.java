package io.provtest.gateway.webhook;

import java.time.Duration;
import java.time.Instant;

/**
 * When a failed delivery is tried again: {@code first} after the first failure, doubling after each further one up
 * to {@code max}; never after {@code giveUpAt} (then the delivery has failed for good). No jitter: deliveries of
 * different events fail at different moments already, and a fixed rule is one a customer can read in the log.
 */
public record Backoff(Duration first, Duration max) {

    public static Backoff of(WebhookConfig config) {
        return new Backoff(config.firstRetry(), config.maxRetryInterval());
    }

    /** The pause after {@code failures} failed attempts (1 for the first failure). */
    public Duration delayAfter(int failures) {
        if (failures < 1) {
            return Duration.ZERO;
        }
        Duration delay = first;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** The moment of the next attempt after {@code failures} failures, the last at {@code now}; null: give up. */
    public Instant next(Instant now, int failures, Instant giveUpAt) {
        Instant next = now.plus(delayAfter(failures));
        return next.isAfter(giveUpAt) ? null : next;
    }
}
