package io.provtest.call.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.call.CallStatus;
import io.provtest.call.sip.SipMessageRecord;
import io.provtest.common.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A call whose SIP trace the retention deleted (sip.trace.retention) is reported from its row: the same verdict as
 * its row gives, never "failed on our side before an INVITE left" for a call that sent one, and a last reason that
 * says why the timings are missing.
 */
class PurgedTraceReportTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Instant HORIZON = NOW.minus(Duration.ofDays(30));

    private static ReportedCall call(Instant created, String sipCallId, Integer code, String reason,
                                     String hangupReason, boolean answered) {
        return new ReportedCall(UUID.randomUUID(), CallStatus.HANGUP, hangupReason, "", code, reason,
                Json.parse("{\"packets_sent\":120,\"packets_received\":118,\"packets_lost\":0,\"jitter_ms\":1.5}"),
                null, created.plusMillis(40), answered ? created.plusSeconds(1) : null, created.plusSeconds(5),
                sipCallId, created);
    }

    private static SipMessageRecord invite(UUID callId, Instant at) {
        return new SipMessageRecord(callId, "a@127.0.0.1", at, "sent", "127.0.0.1:5080", "127.0.0.1:5090",
                "INVITE sip:+821012345678@127.0.0.1:5090 SIP/2.0", "INVITE sip:+821012345678@127.0.0.1:5090 SIP/2.0\r\n"
                + "CSeq: 1 INVITE\r\n\r\n");
    }

    private static ReportRules.Judgement judged(ReportedCall call) {
        TraceFacts t = TraceFacts.purged(!call.sipCallId().isEmpty());
        return ReportRules.withPurgedTrace(ReportRules.judge(ReportService.facts(call, t, null, 60), ReportRulesTest.T));
    }

    private static List<String> codes(ReportRules.Judgement j) {
        return j.reasons().stream().map(Reason::code).toList();
    }

    @Test
    void aCallBeganBeforeTheHorizonWithNoInviteStoredHasItsTracePurged() {
        ReportedCall old = call(HORIZON.minus(Duration.ofDays(1)), "a@127.0.0.1", 200, "OK", "normal", true);
        assertTrue(ReportService.tracePurged(List.of(), old, HORIZON));
        // the end of a call that outlived the horizon: its INVITE went with the purge
        assertTrue(ReportService.tracePurged(List.of(new SipMessageRecord(old.id(), "a@127.0.0.1",
                HORIZON.plusSeconds(1), "sent", "l", "r", "BYE sip:x SIP/2.0", "BYE sip:x SIP/2.0\r\n\r\n")), old,
                HORIZON));
    }

    @Test
    void aTraceIsNotCalledPurgedWhenItIsThereWhenTracesAreKeptOrWhenTheCallIsYounger() {
        ReportedCall old = call(HORIZON.minus(Duration.ofDays(1)), "a@127.0.0.1", 200, "OK", "normal", true);
        assertFalse(ReportService.tracePurged(List.of(invite(old.id(), old.tmCreate())), old, HORIZON),
                "its INVITE is still stored (the retention was lengthened)");
        assertFalse(ReportService.tracePurged(List.of(), old, null), "retention 0: traces are kept for ever");
        ReportedCall young = call(HORIZON.plus(Duration.ofDays(1)), "", null, "", "failed", false);
        assertFalse(ReportService.tracePurged(List.of(), young, HORIZON),
                "a younger call without messages sent none: a local failure, not a purge");
    }

    @Test
    void anAnsweredCallWithAudioStillPassesAndSaysItsTraceIsGone() {
        ReportRules.Judgement j = judged(call(HORIZON.minus(Duration.ofDays(2)), "a@127.0.0.1", 200, "OK", "normal",
                true));
        assertEquals("passed", j.verdict());
        assertEquals(List.of("ANSWERED_WITH_AUDIO", "TRACE_PURGED"), codes(j));
    }

    @Test
    void aRejectedCallIsStillRejectedNotALocalFailure() {
        ReportRules.Judgement j = judged(call(HORIZON.minus(Duration.ofDays(2)), "a@127.0.0.1", 404, "Not Found",
                "failed", false));
        assertEquals("failed", j.verdict());
        assertEquals(List.of("REJECTED", "TRACE_PURGED"), codes(j));
        assertEquals(404, j.reasons().get(0).sipStatusCode());
    }

    @Test
    void aCallThatNeverBuiltAnInviteIsStillALocalFailure() {
        ReportRules.Judgement j = judged(call(HORIZON.minus(Duration.ofDays(2)), "", null, "", "failed", false));
        assertEquals("inconclusive", j.verdict());
        assertEquals(List.of("LOCAL_FAILURE", "TRACE_PURGED"), codes(j));
    }

    @Test
    void aPurgedTraceKnowsNoTimingCodecOrAttempt() {
        TraceFacts t = TraceFacts.purged(true);
        assertTrue(t.invited());
        assertNull(t.postDialDelayMs());
        assertNull(t.answerMs());
        assertNull(t.answerCodec());
        assertTrue(t.codecOffered(), "no codec seen is no codec refused");
        assertEquals(List.of(), t.attempts());
    }
}
