package io.provtest.call.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One test per reason code: the facts that lead to it, the verdict it gives. */
class ReportRulesTest {

    static final ReportConfig T = new ReportConfig() {
        @Override
        public double highLossPercent() {
            return 5.0;
        }

        @Override
        public double highJitterMs() {
            return 30.0;
        }

        @Override
        public long highPostDialDelayMs() {
            return 7000;
        }
    };

    /** A call that rang after 50 ms, was answered after 1 s, and exchanged 100 packets each way. */
    static CallFacts good() {
        return new CallFacts(true, "normal", "", true, true, true, 200, "OK", 50L, 1000L, 3000, "PCMU", true,
                List.of("PCMU", "PCMA"), 100, 100, 0, 1.0, 100, 0, false, false, false, Set.of(), 60);
    }

    static CallFacts unanswered(String hangupReason, Integer code, String reason, boolean provisional) {
        return new CallFacts(true, hangupReason, "", true, provisional, false, code, reason,
                provisional ? 40L : null, null, 0, null, true, List.of("PCMU"), 0, 0, 0, 0, 0, 0, false, false,
                null, Set.of(), 60);
    }

    static CallFacts with(CallFacts f, long sent, long answeredPackets, Boolean earlySpeech, Boolean silent) {
        return new CallFacts(f.ended(), f.hangupReason(), f.hangupCause(), f.invited(), f.provisional(), f.answered(),
                f.sipStatusCode(), f.sipReason(), f.postDialDelayMs(), f.answerMs(), f.durationMs(), f.codec(),
                f.codecOffered(), f.offered(), sent, Math.max(answeredPackets, f.packetsReceived()), f.packetsLost(),
                f.jitterMs(), answeredPackets, f.earlyPackets(), f.earlySdp(), earlySpeech, silent, f.undecodable(),
                f.dialTimeoutSeconds());
    }

    private static List<String> codes(ReportRules.Judgement j) {
        return j.reasons().stream().map(Reason::code).toList();
    }

    @Test
    void answeredWithAudioBothWaysPasses() {
        ReportRules.Judgement j = ReportRules.judge(good(), T);
        assertEquals("passed", j.verdict());
        assertEquals(List.of("ANSWERED_WITH_AUDIO"), codes(j));
    }

    @Test
    void answeredWithoutTheCarriersAudioFails() {
        ReportRules.Judgement j = ReportRules.judge(with(good(), 100, 0, false, null), T);
        assertEquals("failed", j.verdict());
        assertEquals("NO_AUDIO_FROM_CARRIER", codes(j).get(0));
        assertTrue(j.reasons().get(0).message().contains("media IPs or NAT"));
    }

    @Test
    void aRejectionFailsWithItsCode() {
        ReportRules.Judgement j = ReportRules.judge(unanswered("failed", 404, "Not Found", false), T);
        assertEquals("failed", j.verdict());
        assertEquals("REJECTED", codes(j).get(0));
        assertEquals(404, j.reasons().get(0).sipStatusCode());
        assertTrue(j.reasons().get(0).message().contains("404 Not Found"));
    }

    @Test
    void busyFails() {
        assertEquals(List.of("BUSY"), codes(ReportRules.judge(unanswered("busy", 486, "Busy Here", true), T)));
        assertEquals("failed", ReportRules.judge(unanswered("busy", 600, "Busy Everywhere", false), T).verdict());
    }

    @Test
    void noResponseAtAllFails() {
        ReportRules.Judgement j = ReportRules.judge(unanswered("dialout", null, "", false), T);
        assertEquals("failed", j.verdict());
        assertEquals(List.of("NO_RESPONSE"), codes(j));
    }

    @Test
    void ringingUntilTheDialTimeoutOrA480IsNoAnswer() {
        assertEquals(List.of("NO_ANSWER"), codes(ReportRules.judge(unanswered("dialout", 487, "Request Terminated",
                true), T)));
        ReportRules.Judgement j = ReportRules.judge(unanswered("noanswer", 480, "Temporarily Unavailable", true), T);
        assertEquals("failed", j.verdict());
        assertEquals(List.of("NO_ANSWER"), codes(j));
    }

    @Test
    void anAnnouncementInEarlyMediaFollowsTheRejection() {
        CallFacts f = with(unanswered("failed", 404, "Not Found", true), 0, 0, true, null);
        ReportRules.Judgement j = ReportRules.judge(f, T);
        assertEquals("failed", j.verdict());
        assertEquals(List.of("REJECTED", "EARLY_MEDIA_ANNOUNCEMENT"), codes(j));
    }

    @Test
    void aCallWeCancelledIsInconclusive() {
        ReportRules.Judgement j = ReportRules.judge(unanswered("cancel", 487, "Request Terminated", true), T);
        assertEquals("inconclusive", j.verdict());
        assertEquals(List.of("CANCELLED"), codes(j));
    }

    @Test
    void aCodecWeDidNotOfferFails() {
        CallFacts g = good();
        CallFacts f = new CallFacts(true, "normal", "", true, true, true, 200, "OK", 50L, 900L, 2000, "G729", false,
                List.of("PCMU", "PCMA"), 100, 0, 0, 0, 0, 0, false, false, null, Set.of(18), g.dialTimeoutSeconds());
        ReportRules.Judgement j = ReportRules.judge(f, T);
        assertEquals("failed", j.verdict());
        assertEquals("CODEC_NOT_OFFERED", codes(j).get(0));
        assertTrue(j.reasons().get(0).message().contains("G729"));
    }

    @Test
    void sendingNothingOurselvesIsInconclusive() {
        ReportRules.Judgement j = ReportRules.judge(with(good(), 0, 100, false, false), T);
        assertEquals("inconclusive", j.verdict());
        assertEquals(List.of("NO_AUDIO_SENT"), codes(j));
    }

    @Test
    void aSilentStreamIsInconclusive() {
        ReportRules.Judgement j = ReportRules.judge(with(good(), 100, 100, false, true), T);
        assertEquals("inconclusive", j.verdict());
        assertEquals(List.of("SILENT_AUDIO_FROM_CARRIER"), codes(j));
    }

    @Test
    void aFailureBeforeTheInviteIsInconclusive() {
        CallFacts f = new CallFacts(true, "failed", "The provider was deleted.", false, false, false, null, "", null,
                null, 0, null, true, List.of(), 0, 0, 0, 0, 0, 0, false, null, null, Set.of(), 60);
        ReportRules.Judgement j = ReportRules.judge(f, T);
        assertEquals("inconclusive", j.verdict());
        assertEquals(List.of("LOCAL_FAILURE"), codes(j));
        assertTrue(j.reasons().get(0).message().contains("deleted"));
    }

    @Test
    void aLiveCallIsInProgress() {
        CallFacts g = good();
        CallFacts f = new CallFacts(false, "", "", true, true, true, null, "", 50L, 900L, 0, "PCMU", true,
                g.offered(), 10, 10, 0, 0, 10, 0, false, false, false, Set.of(), 60);
        assertEquals(List.of("IN_PROGRESS"), codes(ReportRules.judge(f, T)));
    }

    @Test
    void lossJitterAndSlowRingingAreWarningsThatKeepTheVerdict() {
        CallFacts g = good();
        CallFacts f = new CallFacts(true, "normal", "", true, true, true, 200, "OK", 9000L, 9500L, 3000, "PCMU", true,
                g.offered(), 100, 90, 10, 45.0, 90, 0, false, false, false, Set.of(), 60);
        ReportRules.Judgement j = ReportRules.judge(f, T);
        assertEquals("passed", j.verdict());
        assertEquals(List.of("ANSWERED_WITH_AUDIO", "HIGH_PACKET_LOSS", "HIGH_JITTER", "HIGH_POST_DIAL_DELAY"),
                codes(j));
    }

    @Test
    void theProviderCallFailsWhenAnyCallFailsAndPassesWhenAllPass() {
        ReportRules.Judgement passed = ReportRules.judge(good(), T);
        ReportRules.Judgement rejected = ReportRules.judge(unanswered("failed", 503, "Service Unavailable", false), T);
        ReportRules.Judgement cancelled = ReportRules.judge(unanswered("cancel", 487, "", true), T);
        assertEquals("passed", ReportRules.overall(List.of(passed, passed)).verdict());
        ReportRules.Judgement mixed = ReportRules.overall(List.of(passed, rejected, cancelled));
        assertEquals("failed", mixed.verdict());
        assertEquals(List.of("REJECTED"), codes(mixed));
        assertEquals("inconclusive", ReportRules.overall(List.of(passed, cancelled)).verdict());
        assertEquals(List.of("NO_CALLS"), codes(ReportRules.overall(List.of())));
    }
}
