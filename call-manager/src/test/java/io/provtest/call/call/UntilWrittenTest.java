package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UntilWrittenTest {

    @Test
    void theDelayDoublesFromOneSecondUpToItsCeiling() {
        assertEquals(1, UntilWritten.delaySeconds(1));
        assertEquals(2, UntilWritten.delaySeconds(2));
        assertEquals(16, UntilWritten.delaySeconds(5));
        assertEquals(30, UntilWritten.delaySeconds(6));
        assertEquals(30, UntilWritten.delaySeconds(1000));
    }

    @Test
    void aWriteThatFailsWhileTheDatabaseIsAwayIsTriedAgainUntilItLands() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicInteger tries = new AtomicInteger();
            CountDownLatch written = new CountDownLatch(1);
            new UntilWritten(scheduler).run("a test write", () -> {
                if (tries.incrementAndGet() < 3) {
                    throw new IllegalStateException("Connection refused: /127.0.0.1:55432");
                }
                written.countDown();
            });
            assertEquals(1, tries.get(), "tried at once");
            assertTrue(written.await(10, TimeUnit.SECONDS), "written on the third try, after 1 s and 2 s");
            assertEquals(3, tries.get());
        } finally {
            scheduler.shutdownNow();
        }
    }
}
