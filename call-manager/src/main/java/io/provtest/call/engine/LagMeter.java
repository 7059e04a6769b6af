package io.provtest.call.engine;

import java.util.function.LongSupplier;

/**
 * How long the engine's work waited for a thread lately: the largest wait seen in the current and the previous
 * window. A maximum, not an average: one call whose 180 waited a second is a call the carrier saw late.
 */
public final class LagMeter {

    private final long windowMs;
    private final LongSupplier clock;
    private long windowStart;
    private long current;
    private long previous;

    public LagMeter(long windowMs, LongSupplier clock) {
        this.windowMs = windowMs;
        this.clock = clock;
        this.windowStart = clock.getAsLong();
    }

    public synchronized void record(long lagMs) {
        roll();
        current = Math.max(current, lagMs);
    }

    /** The largest wait of the last one to two windows. */
    public synchronized long lagMs() {
        roll();
        return Math.max(current, previous);
    }

    private void roll() {
        long now = clock.getAsLong();
        long elapsed = now - windowStart;
        if (elapsed >= windowMs) {
            previous = elapsed >= 2 * windowMs ? 0 : current;
            current = 0;
            windowStart = now - elapsed % windowMs;
        }
    }
}
