package io.provtest.common.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.provtest.common.rpc.SlotQueue.Admission;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotQueueTest {

    private static final long MS = 1_000_000L;

    @Test
    void requestsRunWhileSlotsAreFreeThenWaitUpToTheQueueLimitThenAreRefused() {
        SlotQueue<String> q = new SlotQueue<>(2, 1, 50 * MS);
        assertEquals(Admission.RUN, q.offer("a", 0));
        assertEquals(Admission.RUN, q.offer("b", 0));
        assertEquals(Admission.QUEUED, q.offer("c", 0));
        assertEquals(Admission.REFUSED, q.offer("d", 0), "the queue is full");
        assertEquals(1, q.waiting());
    }

    @Test
    void aReleasedSlotGoesToTheOldestWaitingRequestInItsTime() {
        SlotQueue<String> q = new SlotQueue<>(1, 3, 50 * MS);
        q.offer("a", 0);
        q.offer("b", 10 * MS);
        q.offer("c", 20 * MS);
        List<String> expired = new ArrayList<>();
        assertEquals("b", q.release(40 * MS, expired), "the slot passes on, oldest first");
        assertEquals(List.of(), expired);
        assertEquals(Admission.QUEUED, q.offer("d", 40 * MS), "the slot was handed on, not freed");
    }

    @Test
    void requestsThatWaitedTooLongAreRefusedAndTheSlotGoesToTheNextInItsTime() {
        SlotQueue<String> q = new SlotQueue<>(1, 3, 50 * MS);
        q.offer("a", 0);
        q.offer("late", 0);
        q.offer("fresh", 30 * MS);
        List<String> expired = new ArrayList<>();
        assertEquals("fresh", q.release(60 * MS, expired));
        assertEquals(List.of("late"), expired);
    }

    @Test
    void theLastHolderFreesTheSlotWhenNobodyWaits() {
        SlotQueue<String> q = new SlotQueue<>(1, 2, 50 * MS);
        q.offer("a", 0);
        q.offer("late", 0);
        List<String> expired = new ArrayList<>();
        assertNull(q.release(100 * MS, expired), "the one waiting ran out of time: the slot is free");
        assertEquals(List.of("late"), expired);
        assertEquals(Admission.RUN, q.offer("b", 100 * MS));
    }

    @Test
    void theSweepRefusesOnlyTheRequestsWhoseWaitRanOut() {
        SlotQueue<String> q = new SlotQueue<>(1, 3, 50 * MS);
        q.offer("a", 0);
        q.offer("b", 0);
        q.offer("c", 40 * MS);
        List<String> expired = new ArrayList<>();
        q.expire(50 * MS, expired);
        assertEquals(List.of(), expired, "50 ms is still in time");
        q.expire(51 * MS, expired);
        assertEquals(List.of("b"), expired);
        assertEquals(1, q.waiting());
    }

    @Test
    void withoutAQueueEveryRequestBeyondTheSlotsIsRefusedAtOnce() {
        SlotQueue<String> none = new SlotQueue<>(1, 0, 50 * MS);
        none.offer("a", 0);
        assertEquals(Admission.REFUSED, none.offer("b", 0));
        SlotQueue<String> noWait = new SlotQueue<>(1, 4, 0);
        noWait.offer("a", 0);
        assertEquals(Admission.REFUSED, noWait.offer("b", 0), "no time to wait is no queue");
    }

    @Test
    void badBoundsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SlotQueue<>(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SlotQueue<>(1, -1, 1));
    }
}
