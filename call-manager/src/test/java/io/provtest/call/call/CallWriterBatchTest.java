package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Which rows one batch of the group commit writes: each call's latest change once (CallWriter#latestPerCall). */
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
}
