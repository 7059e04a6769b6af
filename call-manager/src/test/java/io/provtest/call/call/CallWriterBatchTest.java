package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What one batch of the group commit holds: changes that came in a burst (CallWriter#gather), and of them each call's
 * latest change once (CallWriter#latestPerCall).
 */
class CallWriterBatchTest {

    private static final Instant T0 = Instant.parse("2026-12-03T00:00:00Z");

    private static Call dialing() {
        return new Call(UUID.randomUUID(), UUID.randomUUID(), Ids.NIL, Ids.NIL, Call.TYPE_FLOW, Ids.NIL, Ids.NIL,
                null, new Address("tel", "+821012345678", "", "", ""), CallStatus.DIALING, Map.of(), null,
                Call.OUTGOING, "", "", "", Ids.NIL, Ids.NIL, "", null, "", null, null, null, null, null, T0, null, null,
                "auto", List.of(), "cm-1");
    }

    private static CallWriter.Item change(Call row, String event) {
        return new CallWriter.Item(row, false, event, "req", null, null, new CompletableFuture<>());
    }

    @Test
    void aCallChangedSeveralTimesInOneBatchIsWrittenOnceWithItsLatestRow() {
        Call a = dialing();
        Call b = dialing();
        Call aStarted = CallChanges.attemptStarted(a, "sip-a", null, null, T0);
        Call aRinging = CallChanges.ringing(aStarted, T0.plusMillis(3));
        Call bRinging = CallChanges.ringing(b, T0.plusMillis(4));
        Call aAnswered = CallChanges.progressing(aRinging, T0.plusMillis(5), 200, "OK");
        List<CallWriter.Item> updates = List.of(change(aStarted, null), change(aRinging, "call_ringing"),
                change(bRinging, "call_ringing"), change(aAnswered, "call_progressing"));

        List<CallWriter.Item> written = CallWriter.latestPerCall(updates);

        assertEquals(2, written.size(), written.toString());
        assertSame(updates.get(3), written.get(0), "call a: its answer, which holds its Call-ID and its ringing time");
        assertEquals("sip-a", written.get(0).row().sipCallId());
        assertEquals(T0.plusMillis(3), written.get(0).row().tmRinging());
        assertSame(updates.get(2), written.get(1), "call b: its only change");
    }

    @Test
    void aBatchWithOneChangePerCallIsWrittenAsItIs() {
        List<CallWriter.Item> updates = List.of(change(CallChanges.ringing(dialing(), T0), "call_ringing"),
                change(CallChanges.ringing(dialing(), T0), "call_ringing"));

        assertSame(updates, CallWriter.latestPerCall(updates));
    }

    private static CallWriter.Item barrier() {
        return new CallWriter.Item(null, false, null, null, null, null, new CompletableFuture<>());
    }

    private static CallWriter.Item newCall() {
        return new CallWriter.Item(dialing(), true, "call_created", "req", null, null, new CompletableFuture<>());
    }

    /** Queues {@code item} on another thread after {@code afterMs}. */
    private static void later(BlockingQueue<CallWriter.Item> queue, CallWriter.Item item, long afterMs) {
        new Thread(() -> {
            try {
                Thread.sleep(afterMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            queue.add(item);
        }).start();
    }

    @Test
    void aChangeWaitsForTheNextOneOfItsBurstAndTheyAreWrittenTogether() throws Exception {
        BlockingQueue<CallWriter.Item> queue = new LinkedBlockingQueue<>();
        Call ringing = CallChanges.ringing(dialing(), T0);
        CallWriter.Item answered = change(CallChanges.progressing(ringing, T0.plusMillis(1), 200, "OK"),
                "call_progressing");
        later(queue, answered, 1);
        List<CallWriter.Item> batch = new ArrayList<>();
        CallWriter.gather(change(ringing, "call_ringing"), queue, batch, TimeUnit.MILLISECONDS.toNanos(500));
        assertEquals(2, batch.size(), "the 200 queued 1 ms after the 180 is in the 180's batch");
        assertSame(answered, batch.get(1));
    }

    @Test
    void aChangeAloneWaitsNoLongerThanTheLinger() throws Exception {
        List<CallWriter.Item> batch = new ArrayList<>();
        long start = System.nanoTime();
        CallWriter.gather(change(dialing(), null), new LinkedBlockingQueue<>(), batch,
                TimeUnit.MILLISECONDS.toNanos(50));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(1, batch.size());
        assertTrue(waitedMs >= 49 && waitedMs < 1_000, "waited " + waitedMs + " ms");
    }

    @Test
    void aNewCallOrABarrierIsWrittenWithoutWaiting() throws Exception {
        for (CallWriter.Item awaited : List.of(newCall(), barrier())) {
            List<CallWriter.Item> batch = new ArrayList<>();
            long start = System.nanoTime();
            CallWriter.gather(awaited, new LinkedBlockingQueue<>(), batch, TimeUnit.SECONDS.toNanos(10));
            assertEquals(List.of(awaited), batch);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "someone waits on it: no linger");
        }
        // nor a change that one such joins while it waits
        BlockingQueue<CallWriter.Item> queue = new LinkedBlockingQueue<>();
        CallWriter.Item created = newCall();
        later(queue, created, 20);
        List<CallWriter.Item> batch = new ArrayList<>();
        long start = System.nanoTime();
        CallWriter.gather(change(dialing(), null), queue, batch, TimeUnit.SECONDS.toNanos(10));
        assertEquals(2, batch.size());
        assertSame(created, batch.get(1));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the new call ended the wait");
    }

    @Test
    void changesTheLoadAlreadyQueuedAreWrittenAtOnce() throws Exception {
        BlockingQueue<CallWriter.Item> queue = new LinkedBlockingQueue<>();
        queue.add(change(dialing(), null));
        List<CallWriter.Item> batch = new ArrayList<>();
        long start = System.nanoTime();
        CallWriter.gather(change(dialing(), null), queue, batch, TimeUnit.SECONDS.toNanos(10));
        assertEquals(2, batch.size());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "no linger");
    }
}
