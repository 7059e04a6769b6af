package io.provtest.common.rpc;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Admission to a fixed number of slots with a short, bounded wait in front of them. A request that finds every slot
 * taken may wait for one, at most {@code maxWaitNanos} and never more than {@code queueLimit} of them at once; a
 * request beyond that is refused at once, and one that waited its time out is refused then. A burst (the broker hands
 * over what piled up while the process was stopped for a collection) is served a few tens of milliseconds late
 * instead of refused, while a load the slots cannot keep up with is still refused within the wait: nothing waits
 * longer than it could be served on time (bench/README.md, "A short wait for an orchestration slot").
 *
 * <p>Thread-safe; the slots and the queue change together under one lock, so a slot is never free while a request
 * waits. The caller's clock (nanoseconds, as {@link System#nanoTime()}) makes the rules testable.
 */
final class SlotQueue<T> {

    /** What became of an offered request. */
    enum Admission { RUN, QUEUED, REFUSED }

    private record Waiting<T>(T item, long since) {
    }

    private final int queueLimit;
    private final long maxWaitNanos;
    private final ArrayDeque<Waiting<T>> waiting = new ArrayDeque<>();
    private int free;

    SlotQueue(int slots, int queueLimit, long maxWaitNanos) {
        if (slots < 1 || queueLimit < 0 || maxWaitNanos < 0) {
            throw new IllegalArgumentException("slots " + slots + ", queue " + queueLimit + ", wait " + maxWaitNanos);
        }
        this.free = slots;
        this.queueLimit = queueLimit;
        this.maxWaitNanos = maxWaitNanos;
    }

    /** RUN: a slot is the caller's (give it back with {@link #release}); QUEUED: it waits; REFUSED: neither. */
    synchronized Admission offer(T item, long now) {
        if (free > 0) {
            free--;
            return Admission.RUN;
        }
        if (waiting.size() < queueLimit && maxWaitNanos > 0) {
            waiting.addLast(new Waiting<>(item, now));
            return Admission.QUEUED;
        }
        return Admission.REFUSED;
    }

    /**
     * A slot's holder is done: the slot goes to the oldest request still in its time (returned, to run in the same
     * slot), or is freed (null). Requests whose wait ran out are moved to {@code expired}, to be refused.
     */
    synchronized T release(long now, List<T> expired) {
        dropExpired(now, expired);
        Waiting<T> next = waiting.pollFirst();
        if (next == null) {
            free++;
            return null;
        }
        return next.item();
    }

    /** Requests whose wait ran out while no slot freed, moved to {@code expired}. */
    synchronized void expire(long now, List<T> expired) {
        dropExpired(now, expired);
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private void dropExpired(long now, List<T> expired) {
        while (!waiting.isEmpty() && now - waiting.peekFirst().since() > maxWaitNanos) {
            expired.add(waiting.pollFirst().item());
        }
    }
}
