package io.provtest.call.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Slow work off the lanes: whatever it throws comes back to the call, so the call never waits for ever; and a slow
 * purge never holds the calls' timers.
 */
class EngineExecutorsTest {

    @Test
    void anErrorOfMediaWorkReachesTheCallsLane() throws Exception {
        EngineExecutors executors = new EngineExecutors(1, 1);
        try {
            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            SerialExecutor lane = executors.newCallLane("req_test", failed::complete);
            executors.<short[]>offLane(() -> {
                throw new OutOfMemoryError("Java heap space");
            }, lane, samples -> failed.complete(null), failed::complete);
            assertTrue(failed.get(2, TimeUnit.SECONDS) instanceof OutOfMemoryError);
        } finally {
            executors.onStop(null);
        }
    }

    /**
     * The recording purge waited on the database on the timer thread, holding every call's dial and duration timer
     * for as long as it ran: housekeeping now runs on a thread of its own, again and again (after a failed run too),
     * and a timer due meanwhile fires on time.
     */
    @Test
    void aSlowHousekeepingTaskHoldsNoTimerAndRunsAgain() throws Exception {
        EngineExecutors executors = new EngineExecutors(1, 1);
        try {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger runs = new AtomicInteger();
            CompletableFuture<String> thread = new CompletableFuture<>();
            executors.housekeeping("a slow purge", Duration.ofMillis(20), () -> {
                thread.complete(Thread.currentThread().getName());
                int run = runs.incrementAndGet();
                if (run == 2) {
                    throw new IllegalStateException("the database is away"); // logged; the next run comes all the same
                }
                if (run == 1) {
                    started.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS); // a purge of a large table
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            assertTrue(started.await(2, TimeUnit.SECONDS));
            assertEquals("call-housekeeping", thread.get());
            long due = System.nanoTime();
            CompletableFuture<Long> fired = new CompletableFuture<>();
            executors.later(Duration.ofMillis(50), () -> fired.complete(System.nanoTime()));
            long lateMs = TimeUnit.NANOSECONDS.toMillis(fired.get(2, TimeUnit.SECONDS) - due) - 50;
            assertTrue(lateMs < 500, "a call's timer fired " + lateMs + " ms late while the purge ran");
            release.countDown();
            long until = System.currentTimeMillis() + 2_000;
            while (runs.get() < 3 && System.currentTimeMillis() < until) {
                Thread.sleep(10);
            }
            assertTrue(runs.get() >= 3, "runs again after each run, a failed one too: " + runs.get());
        } finally {
            executors.onStop(null);
        }
    }

    /**
     * The SIP listener runs at the highest priority and starts the lanes (a call's first answer is handed to one),
     * and a thread takes its creator's priority: the lanes, and the threads they start, must run at the normal one,
     * or the engine's work would run ahead of the signalling with it.
     */
    @Test
    void laneStartedByTheRaisedSipListenerRunsAtNormalPriority() throws Exception {
        EngineExecutors executors = new EngineExecutors(1, 1);
        try {
            CompletableFuture<Integer> lanePriority = new CompletableFuture<>();
            CompletableFuture<Integer> waitPriority = new CompletableFuture<>();
            Thread listener = new Thread(() -> {
                SerialExecutor lane = executors.newCallLane("req_test", lanePriority::completeExceptionally);
                lane.execute(() -> {
                    lanePriority.complete(Thread.currentThread().getPriority());
                    executors.ask(() -> Thread.currentThread().getPriority(), lane, waitPriority::complete,
                            waitPriority::completeExceptionally);
                });
            }, "EventScannerThread");
            listener.setPriority(Thread.MAX_PRIORITY);
            listener.start();
            assertEquals(Thread.NORM_PRIORITY, lanePriority.get(2, TimeUnit.SECONDS));
            assertEquals(Thread.NORM_PRIORITY, waitPriority.get(2, TimeUnit.SECONDS));
        } finally {
            executors.onStop(null);
        }
    }

    /** An instance restarted more often than an hour (a development machine, a rollout) must still purge. */
    @Test
    void housekeepingFirstRunsWithinFiveMinutesOfStartWhateverItsInterval() {
        assertEquals(Duration.ofMinutes(5), EngineExecutors.firstRun(Duration.ofHours(1)));
        assertEquals(Duration.ofMinutes(5), EngineExecutors.firstRun(Duration.ofDays(1)));
        assertEquals(Duration.ofSeconds(30), EngineExecutors.firstRun(Duration.ofSeconds(30)),
                "a shorter interval keeps its own first run");
    }
}
