package io.provtest.call.groupcall;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that do groupcalls' bookkeeping off the caller's thread (a leg ended, the other legs hung up after an
 * answer, a child groupcall hung up): a fixed number of them, so that a burst of groupcalls cannot start a thread
 * each. Work already handed over is always done (dropping a "leg ended" would leave its groupcall live for ever), so
 * the bound is applied where work comes from: a new groupcall is refused with {@code 503 SERVICE_BUSY} while the
 * work waiting for these threads is at its limit ({@link #admit}).
 */
final class GroupcallWork {

    private final ThreadPoolExecutor pool;
    private final int maxBacklog;
    private final int retryAfterSeconds;

    GroupcallWork(int threads, int maxBacklog, int retryAfterSeconds) {
        if (threads < 1 || maxBacklog < 1) {
            throw new IllegalArgumentException("call.groupcall.threads and call.groupcall.max-backlog must be at least 1");
        }
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "groupcall-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.maxBacklog = maxBacklog;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Throws the typed refusal of a new groupcall when the work already waiting is at its limit. */
    void admit() {
        if (refuses(backlog(), maxBacklog)) {
            throw new ServiceException(ApiError.retryLater(ErrorStatus.UNAVAILABLE, "SERVICE_BUSY",
                    "No groupcall was placed: " + backlog() + " groupcall tasks are waiting (call.groupcall.max-backlog"
                            + " is " + maxBacklog + "). Retry after " + retryAfterSeconds + " s.", retryAfterSeconds));
        }
    }

    /** The rule: a new groupcall is refused once the waiting work reaches the limit. */
    static boolean refuses(int backlog, int maxBacklog) {
        return backlog >= maxBacklog;
    }

    /** Work of a groupcall already admitted: always queued, run in order of arrival. */
    void execute(Runnable work) {
        pool.execute(work);
    }

    int backlog() {
        return pool.getQueue().size();
    }

    void shutdown() {
        pool.shutdown();
    }
}
