package io.provtest.call.groupcall;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.error.ServiceException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupcallWorkTest {

    @Test
    void theRuleRefusesOnceTheBacklogReachesItsLimit() {
        assertFalse(GroupcallWork.refuses(0, 1));
        assertFalse(GroupcallWork.refuses(999, 1000));
        assertTrue(GroupcallWork.refuses(1000, 1000));
    }

    @Test
    void aFullBacklogRefusesNewGroupcallsTypedButRunsEveryTaskItHolds() throws Exception {
        GroupcallWork work = new GroupcallWork(2, 3, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(7);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try {
            for (int i = 0; i < 7; i++) {
                work.execute(() -> {
                    threads.add(Thread.currentThread().getName());
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.countDown();
                });
            }
            // two threads hold two tasks; five wait, over the limit of three: a new groupcall is refused
            assertEquals(5, work.backlog());
            ServiceException e = assertThrows(ServiceException.class, work::admit);
            assertEquals(503, e.httpStatus());
            assertEquals("SERVICE_BUSY", e.error().reason());
            assertEquals(1, e.error().retryAfterSeconds());
            assertTrue(e.error().message().contains("call.groupcall.max-backlog"), e.error().message());

            release.countDown();
            assertTrue(done.await(5, TimeUnit.SECONDS), "every admitted task ran");
            assertEquals(2, threads.size(), "no more threads than configured: " + threads);
            assertDoesNotThrow(work::admit);
        } finally {
            work.shutdown();
        }
    }
}
