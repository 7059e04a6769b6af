package io.provtest.call.engine;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs one call's events one at a time and in arrival order on a shared pool: a 200 never overtakes the 180 before
 * it, and two calls never wait for each other. A lane gives its thread back after {@link #BATCH} steps even when it
 * has more (it queues again behind the other lanes): a call that keeps feeding its own lane (a flow looping through
 * instant actions) cannot hold a pool thread while other calls' signalling waits.
 */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = Logger.getLogger(SerialExecutor.class);

    static final int BATCH = 16;

    private final Executor pool;
    private final Consumer<Throwable> onFailure;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    /**
     * @param onFailure told (on the lane, before its next step) of any Throwable a step threw, Errors such as
     *                  OutOfMemoryError included: the call's owner ends the call rather than leave it half-done
     */
    public SerialExecutor(Executor pool, Consumer<Throwable> onFailure) {
        this.pool = pool;
        this.onFailure = onFailure;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    private void failed(Throwable t) {
        try {
            onFailure.accept(t);
        } catch (Throwable again) {
            LOG.error("a call's step failed and so did ending it", again);
        }
    }

    private void drain() {
        try {
            Runnable task;
            for (int n = 0; n < BATCH && (task = tasks.poll()) != null; n++) {
                try {
                    task.run();
                } catch (Throwable t) {
                    failed(t);
                }
            }
        } finally {
            draining.set(false);
            schedule();
        }
    }
}
