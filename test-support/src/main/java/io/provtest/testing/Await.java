package io.provtest.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for something a test cannot be told about (a row written behind, a call ended by the far end). */
public final class Await {

    private static final long POLL_MS = 20;

    private Await() {
    }

    /** Returns once {@code condition} holds; fails with {@code what} when it does not within {@code within}. */
    public static void until(Duration within, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " (not within " + within.toMillis() + " ms)");
            }
            Thread.sleep(POLL_MS);
        }
    }
}
