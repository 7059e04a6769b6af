package io.provtest.common.event;

import java.time.Duration;

/**
 * Whether the events channel has stopped confirming while the broker is there: sends have failed without a confirm
 * for longer than a limit, none was confirmed since, and the broker was reachable and taking messages all that time
 * (the RPC connection up and not blocked). A broker that is away or holding what is published (a resource alarm) is
 * not this: the events wait in the outbox, the channel reconnects by itself, and a restart would not help, so failures
 * then do not count. Liveness goes down on it (EventsChannelHealthCheck): a channel connected but
 * never confirming does not heal, and a restart sends the waiting events from the outbox.
 *
 * <p>Times are {@link System#nanoTime()} readings, passed in so the rule is tested without waiting.
 */
public final class ConfirmWatch {

    /** Failures older than this no longer say the channel is failing now (no send since). */
    static final Duration RECENT = Duration.ofSeconds(15);

    private final long limitNanos;
    private volatile boolean failing;
    private long failingSince;
    private long lastFailure;

    public ConfirmWatch(Duration limit) {
        this.limitNanos = limit.toNanos();
    }

    /** A send was confirmed. On every confirm (thousands a second): a volatile read unless sends were failing. */
    public void confirmed() {
        if (failing) {
            synchronized (this) {
                failing = false;
            }
        }
    }

    /** A send was not confirmed in time; {@code brokerTaking}: the broker reachable and not blocking then. */
    public synchronized void unconfirmed(long now, boolean brokerTaking) {
        if (!brokerTaking) {
            failing = false;
            return;
        }
        if (!failing) {
            failing = true;
            failingSince = now;
        }
        lastFailure = now;
    }

    /** How long sends have failed with the broker there and none confirmed; null when the channel is not stalled. */
    public synchronized Duration stalledFor(long now) {
        if (!failing || now - lastFailure > RECENT.toNanos() || now - failingSince < limitNanos) {
            return null;
        }
        return Duration.ofNanos(now - failingSince);
    }
}
