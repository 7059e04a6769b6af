package io.provtest.call.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lanes on a real one-thread pool: one call's steps cannot keep the thread from another call's. */
class SerialExecutorTest {

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aLaneFeedingItselfLetsOtherLanesRun() throws Exception {
        AtomicBoolean looping = new AtomicBoolean(true);
        SerialExecutor loop = new SerialExecutor(pool, t -> { });
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            if (looping.get()) {
                loop.execute(step[0]); // an instant action asking for the next one at once
            }
        };
        loop.execute(step[0]);
        CountDownLatch other = new CountDownLatch(1);
        new SerialExecutor(pool, t -> { }).execute(other::countDown);
        try {
            assertTrue(other.await(2, TimeUnit.SECONDS), "another call's step ran while the loop went on");
        } finally {
            looping.set(false);
        }
    }

    @Test
    void anyThrowableOfAStepReachesTheLaneOwnerAndTheLaneGoesOn() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        SerialExecutor lane = new SerialExecutor(pool, failures::add);
        CountDownLatch after = new CountDownLatch(1);
        lane.execute(() -> {
            throw new OutOfMemoryError("Java heap space");
        });
        lane.execute(() -> {
            throw new IllegalStateException("a bug");
        });
        lane.execute(after::countDown);
        assertTrue(after.await(2, TimeUnit.SECONDS), "the lane's next step still runs");
        assertEquals(2, failures.size(), failures.toString());
        assertTrue(failures.get(0) instanceof OutOfMemoryError);
        assertTrue(failures.get(1) instanceof IllegalStateException);
    }
}
