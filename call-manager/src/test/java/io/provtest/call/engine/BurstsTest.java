package io.provtest.call.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a writer takes its next batch: the burst behind the first item, within the linger and the bounds. */
class BurstsTest {

    private static final long LONG = TimeUnit.SECONDS.toNanos(10);

    private static BlockingQueue<Integer> queued(int from, int to) {
        BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        for (int i = from; i <= to; i++) {
            queue.add(i);
        }
        return queue;
    }

    /** Queues {@code items} on another thread, {@code everyMs} apart, the first {@code everyMs} from now. */
    private static BlockingQueue<Integer> arriving(long everyMs, int... items) {
        BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        new Thread(() -> {
            try {
                for (int item : items) {
                    Thread.sleep(everyMs);
                    queue.add(item);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
        return queue;
    }

    @Test
    void itemsArrivingWithinTheLingerJoinTheBatchAndItEndsWhenNoneCome() throws Exception {
        BlockingQueue<Integer> queue = arriving(5, 2, 3);
        List<Integer> batch = new ArrayList<>();
        long start = System.nanoTime();
        Bursts.gather(1, queue, batch, 500, 64, TimeUnit.MILLISECONDS.toNanos(300), i -> true);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(List.of(1, 2, 3), batch);
        assertTrue(tookMs >= 299 && tookMs < 5_000, "waited out the linger for more: " + tookMs + " ms");
    }

    @Test
    void aWriterThatFindsItemsQueuedTakesThemWithoutWaitingAndNeverBeyondTheMaximum() throws Exception {
        List<Integer> batch = new ArrayList<>();
        long start = System.nanoTime();
        Bursts.gather(0, queued(1, 3), batch, 500, 64, LONG, i -> true);
        assertEquals(List.of(0, 1, 2, 3), batch);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the load batches them: no linger");

        BlockingQueue<Integer> many = queued(1, 20);
        List<Integer> bounded = new ArrayList<>();
        Bursts.gather(0, many, bounded, 8, 64, LONG, i -> true);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), bounded);
        assertEquals(13, many.size(), "the rest stays queued for the next batch");
    }

    @Test
    void aLingeringBatchStopsGrowingAtTheThreshold() throws Exception {
        BlockingQueue<Integer> queue = arriving(1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        List<Integer> batch = new ArrayList<>();
        long start = System.nanoTime();
        Bursts.gather(0, queue, batch, 500, 4, LONG, i -> true);
        assertTrue(batch.size() >= 4, "grew while lingering: " + batch);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "and stopped at the threshold");
    }

    @Test
    void anItemThatMayNotWaitIsTakenWithoutWaiting() throws Exception {
        List<Integer> batch = new ArrayList<>();
        long start = System.nanoTime();
        BlockingQueue<Integer> queue = arriving(5, 2, 3);
        Bursts.gather(1, queue, batch, 500, 64, LONG, i -> i != 3);
        assertEquals(List.of(1, 2, 3), batch);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "3 may not wait: no linger");
    }
}
