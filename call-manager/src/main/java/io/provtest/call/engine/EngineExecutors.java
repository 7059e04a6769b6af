package io.provtest.call.engine;

import io.provtest.common.rpc.RpcContext;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The engine's threads, shared by every call: a bounded pool that runs each call's steps one at a time (through a
 * {@link SerialExecutor} per call), and one timer thread whose tasks only hand work back to a call's executor.
 * No thread per call, no pool per call.
 */
@Singleton
public class EngineExecutors {

    private static final Logger LOG = Logger.getLogger(EngineExecutors.class);
    private final ExecutorService pool;
    private final ExecutorService media;
    private final ExecutorService waits;
    private final ExecutorService housekeeping;
    private final ScheduledExecutorService timers;
    /**
     * The lag's windows: a collection's pause of ~200 ms held admission shut for the 1-2 s of two 1 s windows, long
     * after the lanes had caught up (bench/README.md, "The lag's windows").
     */
    static final long LAG_WINDOW_MS = 250;
    /** When housekeeping first runs after start, unless its interval is shorter (see {@link #housekeeping}). */
    static final Duration FIRST_HOUSEKEEPING = Duration.ofMinutes(5);
    private final LagMeter lag = new LagMeter(LAG_WINDOW_MS, System::currentTimeMillis);

    @Inject
    public EngineExecutors(CallConfig config) {
        this(config.engineThreads(), config.mediaThreads());
    }

    EngineExecutors(int engineThreads, int mediaThreads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(engineThreads,
                r -> daemon(r, "call-engine-" + n.incrementAndGet()));
        AtomicInteger m = new AtomicInteger();
        this.media = Executors.newFixedThreadPool(mediaThreads,
                r -> daemon(r, "call-media-" + m.incrementAndGet()));
        // threads that only wait on another service for a call (its flow's next action, its balance): twice the
        // lanes, since they hold no CPU while they wait
        AtomicInteger w = new AtomicInteger();
        this.waits = Executors.newFixedThreadPool(2 * engineThreads,
                r -> daemon(r, "call-waits-" + w.incrementAndGet()));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "call-timers"));
        // A canceled timer leaves the queue at once: each call's dial timer (60 s) and maximum-duration timer (1 h)
        // held the whole call (its dialog, its session) until its time came, long after the call ended; at 150
        // calls/s that kept the heap full and the collector pausing for seconds (bench/README.md).
        timer.setRemoveOnCancelPolicy(true);
        this.timers = timer;
        this.housekeeping = Executors.newSingleThreadExecutor(r -> daemon(r, "call-housekeeping"));
    }

    /** How late the calls' steps started lately (the largest wait for a thread of the last second or two). */
    public long lagMs() {
        return lag.lagMs();
    }

    /**
     * Slow work of one call that must not hold a lane (text to speech, fetching a WAV): it runs on the media threads,
     * and its result (or its failure, any Throwable: an OutOfMemoryError must not leave the call waiting for ever)
     * goes back to the call's lane.
     */
    public <T> void offLane(java.util.concurrent.Callable<T> work, Executor lane, java.util.function.Consumer<T> then,
                            java.util.function.Consumer<Throwable> failed) {
        handOff(media, work, lane, then, failed);
    }

    /**
     * A call's question to another service (flow-manager's next action, billing's allowance): asked on a thread of its
     * own, never on a lane, and the answer (or the failure) goes back to the call's lane. A lane that waited on an
     * RPC made every other call queued behind it late: at 20 provider calls/s on a cold start the engine was 300–600
     * ms behind and admission refused most new calls (bench/RUNS.md, "Provider calls through the gateway").
     */
    public <T> void ask(java.util.concurrent.Callable<T> question, Executor lane, java.util.function.Consumer<T> then,
                        java.util.function.Consumer<Throwable> failed) {
        handOff(waits, question, lane, then, failed);
    }

    /** Runs {@code work} on {@code threads} with the caller's request id; its outcome goes back to {@code lane}. */
    private static <T> void handOff(Executor threads, java.util.concurrent.Callable<T> work, Executor lane,
                                    java.util.function.Consumer<T> then, java.util.function.Consumer<Throwable> failed) {
        String requestId = RpcContext.currentRequestId();
        threads.execute(() -> {
            try (RpcContext.Scope ignored = RpcContext.open(requestId, null)) {
                T result = work.call();
                lane.execute(() -> then.accept(result));
            } catch (Throwable t) {
                lane.execute(() -> failed.accept(t));
            }
        });
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        // a thread takes its creator's priority, and the SIP listener, which runs at the highest, starts lanes by
        // handing them a call's first answer: the engine's work must not run ahead with it (SignallingPriority)
        t.setPriority(Thread.NORM_PRIORITY);
        return t;
    }

    /**
     * A new serial lane for one call's steps. Each step runs with {@code requestId} bound (logs, and the outbox rows
     * and events of the changes it makes), so a call's events carry the id of the request that created it.
     */
    public SerialExecutor newCallLane(String requestId, java.util.function.Consumer<Throwable> onFailure) {
        return new SerialExecutor(task -> {
            long queued = System.currentTimeMillis();
            pool.execute(() -> {
                lag.record(System.currentTimeMillis() - queued);
                try (RpcContext.Scope ignored = RpcContext.open(requestId, null)) {
                    task.run();
                }
            });
        }, onFailure);
    }

    /** Runs {@code task} on {@code lane} after {@code delay}. */
    public ScheduledFuture<?> after(Duration delay, Executor lane, Runnable task) {
        return timers.schedule(() -> lane.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a short task on the timer thread itself after {@code delay} (bookkeeping only, never I/O). */
    public ScheduledFuture<?> later(Duration delay, Runnable task) {
        return timers.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Periodic clean-up (the purges of old recordings, SIP traces and create requests): {@code task} runs every
     * {@code every}, the next run counted from the end of the last, on one thread of its own; the first run comes
     * {@link #FIRST_HOUSEKEEPING} after start when that is sooner, so an instance restarted more often than the
     * interval (a development machine, a busy rollout) still purges. Not on the timer thread, whose tasks must not
     * wait (a purge that waited there on the database held every call's dial and duration timers), and not on the
     * threads calls wait on: a long first purge of a large table takes none of their capacity. A run that fails is
     * logged as {@code what} and the next one comes all the same.
     */
    public void housekeeping(String what, Duration every, Runnable task) {
        housekeeping(what, firstRun(every), every, task);
    }

    /** When the first run of housekeeping done every {@code every} comes: at that interval, or sooner. */
    static Duration firstRun(Duration every) {
        return every.compareTo(FIRST_HOUSEKEEPING) < 0 ? every : FIRST_HOUSEKEEPING;
    }

    private void housekeeping(String what, Duration first, Duration every, Runnable task) {
        timers.schedule(() -> housekeeping.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                if (!timers.isShutdown()) { // not a failure: a run cut short because the instance is stopping
                    LOG.warnf("%s failed (the next run tries again): %s", what, e.getMessage());
                }
            } finally {
                if (!timers.isShutdown()) {
                    housekeeping(what, every, every, task);
                }
            }
        }), first.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Fire-and-forget work off the calls' lanes (e.g. telling flow-manager an activeflow stopped), on the threads that
     * wait on other services. It ran on the lanes' own pool: at 20 provider calls/s on a fresh start a jstack found 22
     * of 24 engine-thread samples waiting on that RPC, the engine 815 ms late and admission refusing half the calls.
     */
    public void background(Runnable task) {
        waits.execute(task);
    }

    void onStop(@Observes ShutdownEvent event) {
        timers.shutdownNow();
        media.shutdownNow();
        waits.shutdownNow();
        housekeeping.shutdownNow();
        pool.shutdown();
    }
}
