package io.provtest.call.engine;

import io.provtest.common.rpc.RpcContext;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's threads, shared by every call: a bounded pool that runs each call's steps one at a time (through a
 * {@link SerialExecutor} per call), and one timer thread whose tasks only hand work back to a call's executor.
 * No thread per call, no pool per call.
 */
@Singleton
public class EngineExecutors {

    private final ExecutorService pool;
    private final ScheduledExecutorService timers;

    public EngineExecutors(CallConfig config) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.engineThreads(),
                r -> daemon(r, "call-engine-" + n.incrementAndGet()));
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "call-timers"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * A new serial lane for one call's steps. Each step runs with {@code requestId} bound (logs, and the outbox rows
     * and events of the changes it makes), so a call's events carry the id of the request that created it.
     */
    public SerialExecutor newCallLane(String requestId) {
        return new SerialExecutor(task -> pool.execute(() -> {
            try (RpcContext.Scope ignored = RpcContext.open(requestId, null)) {
                task.run();
            }
        }));
    }

    /** Runs {@code task} on {@code lane} after {@code delay}. */
    public ScheduledFuture<?> after(Duration delay, Executor lane, Runnable task) {
        return timers.schedule(() -> lane.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a short task on the timer thread itself after {@code delay} (bookkeeping only, never I/O). */
    public ScheduledFuture<?> later(Duration delay, Runnable task) {
        return timers.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Fire-and-forget work off the calls' lanes (e.g. telling flow-manager an activeflow stopped). */
    public void background(Runnable task) {
        pool.execute(task);
    }

    void onStop(@Observes ShutdownEvent event) {
        timers.shutdownNow();
        pool.shutdown();
    }
}
