package io.provtest.call.groupcall;

import io.provtest.call.engine.CallConfig;
import io.provtest.common.rpc.RpcContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What keeps the decisions about one groupcall in order, so that {@link GroupcallTree} can make them from any
 * thread: the groupcall's own lock, the mark of a placing in progress, and the threads its bookkeeping is handed to.
 *
 * <p>A placing (legs being placed, which asks other services and is never done under the lock) is marked under the
 * lock; a leg that ends meanwhile is only noted on the mark ({@link #noteEndedWhilePlacing}), and the placing judges
 * it when it is over ({@link #stopPlacing} answers whether one did). So no ending is judged against a groupcall
 * whose legs are still being counted, and none is lost.
 */
@Startup // made at start, so that a pool setting below 1 stops the service there, as it always did
@ApplicationScoped
class GroupcallLocks {

    /** Whether a leg ended while the groupcall's legs were being placed (written under the groupcall's lock). */
    static final class Placing {
        private boolean legEnded;
    }

    private final Map<UUID, Object> locks = new ConcurrentHashMap<>();
    /** Groupcalls whose legs are being placed; read and written under the groupcall's lock. */
    private final Map<UUID, Placing> placing = new ConcurrentHashMap<>();
    private final GroupcallWork pool;

    @Inject
    GroupcallLocks(CallConfig config) {
        this(new GroupcallWork(config.groupcall().threads(), config.groupcall().maxBacklog(),
                config.admission().retryAfterSeconds()));
    }

    GroupcallLocks(GroupcallWork pool) {
        this.pool = pool;
    }

    /** The groupcall's lock: one object per groupcall until {@link #forget}, a new one after it. */
    Object lock(UUID groupcallId) {
        return locks.computeIfAbsent(groupcallId, k -> new Object());
    }

    /**
     * The groupcall has ended (or was never announced), so its lock is dropped. A decision that comes later (a late
     * leg ending, a hangup) takes a new lock, possibly while one that waited on the old lock runs: both read a
     * groupcall already ended, and an ended groupcall decides nothing (every move of its row is guarded by its
     * status), so that overlap is harmless.
     */
    void forget(UUID groupcallId) {
        locks.remove(groupcallId);
    }

    /** Marks the groupcall as placing legs, under its lock. */
    Placing startPlacing(UUID groupcallId) {
        synchronized (lock(groupcallId)) {
            return markPlacing(groupcallId);
        }
    }

    /**
     * Marks the groupcall as placing legs; the caller holds its lock (a hunt decided under it starts placing
     * before it lets go, so no ending slips in between).
     */
    Placing markPlacing(UUID groupcallId) {
        Placing p = new Placing();
        placing.put(groupcallId, p);
        return p;
    }

    /** The placing is over; true when a leg ended meanwhile (its ending is to be judged now). */
    boolean stopPlacing(UUID groupcallId, Placing p) {
        synchronized (lock(groupcallId)) {
            placing.remove(groupcallId, p);
            return p.legEnded;
        }
    }

    /**
     * The caller holds the groupcall's lock: when its legs are being placed, notes that a leg ended and answers
     * true (the placing judges it); otherwise false (the caller judges it now).
     */
    boolean noteEndedWhilePlacing(UUID groupcallId) {
        Placing p = placing.get(groupcallId);
        if (p == null) {
            return false;
        }
        p.legEnded = true;
        return true;
    }

    /** Refuses a new groupcall with {@code 503 SERVICE_BUSY} while the handed-over work is at its limit. */
    void admit() {
        pool.admit();
    }

    /** Hands work to the pool under the current request id, so the events it causes carry that id too. */
    void inPool(Runnable work) {
        String requestId = RpcContext.currentRequestId();
        pool.execute(() -> {
            try (RpcContext.Scope ignored = RpcContext.open(requestId, null)) {
                work.run();
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        pool.shutdown();
    }
}
