package io.provtest.call.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A purge in batches: runs until a batch says there are no more, counts them all, and leaves room between them. */
class PacedPurgeTest {

    @Test
    void batchesRunUntilOneSaysThereAreNoMoreAndTheirRowsAreSummed() {
        ArrayDeque<PacedPurge.Deleted> batches = new ArrayDeque<>(List.of(new PacedPurge.Deleted(3, true),
                new PacedPurge.Deleted(3, true), new PacedPurge.Deleted(1, false), new PacedPurge.Deleted(9, true)));

        assertEquals(7, PacedPurge.run("rows", batches::poll));
        assertEquals(1, batches.size(), "no batch after the one that found the end");
    }

    @Test
    void eachBatchIsFollowedByAPauseAsLongAsItTook() {
        AtomicInteger runs = new AtomicInteger();
        long t0 = System.nanoTime();
        PacedPurge.run("rows", () -> {
            sleep(60); // a statement that took 60 ms
            return new PacedPurge.Deleted(1, runs.incrementAndGet() < 3);
        });
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(tookMs >= 3 * 60 + 2 * 55, "three batches and two pauses, each about as long: " + tookMs + " ms");
    }

    @Test
    void aFailedBatchEndsThePurgeWithItsFailure() {
        IllegalStateException away = new IllegalStateException("the database is away");
        assertSame(away, assertThrows(IllegalStateException.class, () -> PacedPurge.run("rows", () -> {
            throw away;
        })), "housekeeping logs it and runs the purge again later");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
