package io.provtest.call.call;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A small bookkeeping write that must land even when the database is away for a while (a PostgreSQL restart): tried
 * at once, then again after 1, 2, 4 … seconds (at most {@link #MAX_DELAY} apart) until it succeeds or
 * {@link #GIVE_UP_AFTER} has passed. Used for giving a create request's key back: left unwritten, the key reads as
 * "still being served" for ever and route-manager keeps its provider-call record pending (found by bench/faults.sh:
 * six records after a PostgreSQL restart; the answer itself goes with CallWriter's batch, which retries until written).
 */
final class UntilWritten {

    private static final Logger LOG = Logger.getLogger(UntilWritten.class);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(30);

    private final ScheduledExecutorService scheduler;

    UntilWritten(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Seconds before retry {@code attempt} (1 for the first retry): doubling from 1 s, at most {@link #MAX_DELAY}. */
    static long delaySeconds(int attempt) {
        return Math.min(MAX_DELAY.toSeconds(), 1L << Math.min(attempt - 1, 20));
    }

    /** Runs {@code write} now, and again later while it throws (see the class); {@code what} names it in the log. */
    void run(String what, Runnable write) {
        attempt(what, write, 0, System.nanoTime());
    }

    private void attempt(String what, Runnable write, int failures, long started) {
        try {
            write.run();
            if (failures > 0) {
                LOG.infof("%s written after %d failed attempts", what, failures);
            }
        } catch (RuntimeException e) {
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(GIVE_UP_AFTER) > 0) {
                LOG.errorf("%s not written after %s, given up: %s", what, GIVE_UP_AFTER, e.getMessage());
                return;
            }
            long delay = delaySeconds(failures + 1);
            if (failures == 0) {
                LOG.warnf("%s not written (%s); trying again in %d s", what, e.getMessage(), delay);
            }
            try {
                scheduler.schedule(() -> attempt(what, write, failures + 1, started), delay, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                LOG.warnf("%s not written: call-manager is stopping", what);
            }
        }
    }
}
