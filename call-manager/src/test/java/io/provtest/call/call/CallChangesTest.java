package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallChangesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static Call dialing() {
        return new Call(UUID.randomUUID(), UUID.randomUUID(), Ids.NIL, Ids.NIL, Call.TYPE_FLOW, Ids.NIL, Ids.NIL,
                null, new Address("tel", "+821012345678", "", "", ""), CallStatus.DIALING, Map.of(), null,
                Call.OUTGOING, "", "", "", Ids.NIL, Ids.NIL, "", null, "", null, null, null, null, null, T0, null, null,
                "auto", List.of(), "cm-1");
    }

    @Test
    void ringingThenProgressingThenHangupKeepsEveryEarlierColumn() {
        Call ringing = CallChanges.ringing(dialing(), T0.plusSeconds(1));
        Call answered = CallChanges.progressing(ringing, T0.plusSeconds(2), 200, "OK");
        Call ended = CallChanges.hangup(answered, new CallChanges.Hangup("normal", "remote", "", T0.plusSeconds(3),
                null, null, null));

        assertEquals(CallStatus.HANGUP, ended.status());
        assertEquals(T0.plusSeconds(1), ended.tmRinging());
        assertEquals(T0.plusSeconds(2), ended.tmProgressing());
        assertEquals(T0.plusSeconds(3), ended.tmHangup());
        assertEquals(T0.plusSeconds(3), ended.tmUpdate());
        assertEquals(200, ended.sipStatusCode(), "a hangup without a final response keeps the answer's code");
        assertEquals("normal", ended.hangupReason());
        assertEquals("remote", ended.hangupBy());
        assertEquals(T0, ended.tmCreate());
    }

    @Test
    void aLateRingingAfterTheAnswerAndAnythingAfterTheHangupChangeNothing() {
        Call answered = CallChanges.progressing(dialing(), T0, 200, "OK");
        assertNull(CallChanges.ringing(answered, T0), "a 180 after the 200 does not move the call back");
        assertNull(CallChanges.canceling(answered, T0), "an answered call is ended by terminating, never canceling");

        Call ended = CallChanges.hangup(answered, new CallChanges.Hangup("normal", "local", null, T0, null, null, null));
        assertNull(CallChanges.hangup(ended, new CallChanges.Hangup("failed", "local", "x", T0, null, null, null)));
        assertNull(CallChanges.attemptStarted(ended, "sip-id", null, null, T0));
        assertNull(CallChanges.actionStarted(ended, null, T0));
        assertNull(CallChanges.finalResponse(ended, 503, "x", T0));
    }

    @Test
    void aFailoverAttemptRecordsTheNewCallIdAndProviderAndAFinalResponseItsCode() {
        UUID route = UUID.randomUUID();
        UUID provider = UUID.randomUUID();
        Call first = CallChanges.finalResponse(dialing(), 503, "Service Unavailable", T0);
        Call second = CallChanges.attemptStarted(first, "second@host", route, provider, T0.plusSeconds(1));

        assertEquals(503, second.sipStatusCode());
        assertEquals("second@host", second.sipCallId());
        assertEquals(route, second.dialrouteId());
        assertEquals(provider, second.providerId());
        assertEquals(CallStatus.DIALING, second.status());
    }
}
