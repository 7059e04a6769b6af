package io.provtest.call.engine;

import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A purge of old rows in batches, each its own statement (its own short transaction: no lock held long, the calls'
 * writes go on between them), with a pause after each as long as the batch took, so a long purge (the first one on
 * a large table) takes at most half of one database connection's time from the calls, and its progress logged every
 * 30 s. What a batch deletes, and how it knows where it is, is the caller's ({@link Batch}).
 */
public final class PacedPurge {

    private static final Logger LOG = Logger.getLogger(PacedPurge.class);
    private static final long PROGRESS_EVERY_MS = 30_000;

    /** One batch: deletes the next rows and says how many, and whether there may be more. */
    @FunctionalInterface
    public interface Batch {
        Deleted next();
    }

    /** What one batch deleted; {@code more}: another batch may find older rows. */
    public record Deleted(long rows, boolean more) {
    }

    private PacedPurge() {
    }

    /** Runs batches until one says there are no more; returns the rows deleted. {@code what}: "SIP messages …". */
    public static long run(String what, Batch batch) {
        long purged = 0;
        long started = System.currentTimeMillis();
        long reported = started;
        while (true) {
            long t0 = System.nanoTime();
            Deleted d = batch.next();
            purged += d.rows();
            if (!d.more()) {
                break;
            }
            long now = System.currentTimeMillis();
            if (now - reported >= PROGRESS_EVERY_MS) {
                reported = now;
                LOG.infof("purge of %s: %d deleted so far (%d s)", what, purged, (now - started) / 1000);
            }
            pause(Duration.ofNanos(System.nanoTime() - t0));
        }
        if (purged > 0) {
            LOG.infof("purged %d %s in %d ms", purged, what, System.currentTimeMillis() - started);
        }
        return purged;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("purge interrupted", e);
        }
    }
}
