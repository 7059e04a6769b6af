package io.provtest.call.sip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.sip.SipTrunk;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When an answer may have crossed a copy of its INVITE: decided at the first response, from the times alone. */
class InviteTimingTest {

    private static final long SENT = 1_000_000_000L;

    private static long after(long millis) {
        return SENT + Duration.ofMillis(millis).toNanos();
    }

    @Test
    void aFirstResponseAfterTimerAFiredMeansTheStackSentTheInviteAgain() {
        InviteTiming timing = InviteTiming.sending(SipTrunk.UDP, SENT);
        timing.responded(after(575));
        assertTrue(timing.resent());
    }

    @Test
    void aFirstResponseWithinT1MeansNoCopyWentOut() {
        InviteTiming timing = InviteTiming.sending(SipTrunk.UDP, SENT);
        timing.responded(after(120));
        assertFalse(timing.resent());
    }

    @Test
    void onlyTheFirstResponseCountsBecauseAnyResponseStopsTheCopies() {
        InviteTiming timing = InviteTiming.sending(SipTrunk.UDP, SENT);
        timing.responded(after(30)); // 100 Trying
        timing.responded(after(4_000)); // 200 OK after ringing
        assertFalse(timing.resent());
    }

    @Test
    void nothingIsResentOverAStreamTransport() {
        InviteTiming timing = InviteTiming.sending(SipTrunk.TCP, SENT);
        timing.responded(after(2_000));
        assertFalse(timing.resent(), "TCP carries the INVITE once");
    }

    @Test
    void unknownUntilAResponseCame() {
        assertFalse(InviteTiming.sending(SipTrunk.UDP, SENT).resent());
    }

    @Test
    void theThresholdSitsJustBelowT1() {
        assertTrue(InviteTiming.resentBefore(SENT, after(500)));
        assertTrue(InviteTiming.resentBefore(SENT, after(450)));
        assertFalse(InviteTiming.resentBefore(SENT, after(449)));
    }
}
