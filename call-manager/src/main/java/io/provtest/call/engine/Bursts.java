package io.provtest.call.engine;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * How a writer thread takes its next batch off its queue (the group commit of call changes, the SIP trace): the first
 * item and everything queued behind it, and, when that is only a few items that may wait, up to a short linger for
 * more. Why: a call's changes and messages come in bursts (the carrier's 180 and 200 within a millisecond, the flow's
 * first action right after; INVITE, 100, 180, 200 and ACK), and at a low rate each was a transaction of its own;
 * written together they are one commit (bench/README.md, "The outbox relay without its read, and the writers'
 * linger"). Only a writer that found nothing queued behind the first item waits: under load the queue batches the
 * items already, and a writer waiting there was woken for every item that arrived, costing the saturated CPU more
 * than the commits it saved (measured in the same section).
 */
public final class Bursts {

    private Bursts() {
    }

    /**
     * Adds {@code first} and what is queued behind it to {@code batch} (at most {@code max} in all). When nothing was
     * queued behind it, waits up to {@code lingerNanos} from now for more, while the batch holds fewer than
     * {@code lingerBelow} items and every one of them {@code mayWait}. An item that may not wait (someone is blocked
     * on its write) ends the wait as it arrives.
     */
    public static <T> void gather(T first, BlockingQueue<T> queue, List<T> batch, int max, int lingerBelow,
                                  long lingerNanos, Predicate<T> mayWait) throws InterruptedException {
        batch.add(first);
        queue.drainTo(batch, max - 1);
        if (batch.size() > 1) {
            return; // the load batches them already
        }
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < Math.min(lingerBelow, max) && batch.stream().allMatch(mayWait)) {
            long left = deadline - System.nanoTime();
            T next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, max - batch.size());
        }
    }
}
