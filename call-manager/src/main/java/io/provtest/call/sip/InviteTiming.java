package io.provtest.call.sip;

import io.provtest.common.sip.SipTrunk;
import java.time.Duration;

/**
 * Whether the stack must have sent an INVITE again before the carrier's first response came: over UDP, RFC 3261 Timer
 * A sends a copy when nothing came back within T1 (500 ms). Such a copy can reach the carrier after it answered, and a
 * carrier that takes it for a broken request drops the call without a BYE (bench/README.md, "Calls left live"), so an
 * answer to such an INVITE is checked early.
 *
 * <p>Decided from times on the stack's event thread, when the first response is handed to us and before the call
 * learns of it, so the answer is known whenever the call asks. The stack's own notice of each copy (a RETRANSMIT
 * timeout event) was used before: it is raised on the timer thread after the copy is out, and on a saturated machine
 * it reached the event queue behind the answer, so 4 of 1,242 calls answered after a copy in one benchmark were never
 * checked early and stayed up (bench/README.md, "The early check that missed").
 */
public final class InviteTiming {

    /**
     * The least time between sending the INVITE and its first response for which the stack has sent a copy: T1, less a
     * margin for the stack's timer starting a little after our clock read and for the clocks' granularity. A response
     * as late as this without a copy only costs an OPTIONS the carrier answers.
     */
    static final Duration RESENT_AFTER = Duration.ofMillis(450);

    private final long sentNanos;
    private final boolean udp;
    private volatile boolean responded;
    private volatile boolean resent;

    private InviteTiming(long sentNanos, boolean udp) {
        this.sentNanos = sentNanos;
        this.udp = udp;
    }

    /** An INVITE about to be sent now over {@code transport} ({@link SipTrunk#UDP} or {@link SipTrunk#TCP}). */
    public static InviteTiming sending(String transport, long nowNanos) {
        return new InviteTiming(nowNanos, SipTrunk.UDP.equals(transport));
    }

    /** The stack's event thread hands us a response to this INVITE at {@code nowNanos}: only the first one counts. */
    public void responded(long nowNanos) {
        if (!responded) {
            responded = true;
            resent = udp && resentBefore(sentNanos, nowNanos);
        }
    }

    /** Whether the stack sent the INVITE again before its first response came (false until a response came). */
    public boolean resent() {
        return resent;
    }

    /**
     * The rule: a first response that came {@link #RESENT_AFTER} or more after the INVITE was sent came after the
     * stack's copy (Timer A never fires early, and it stops at the first response of any kind).
     */
    static boolean resentBefore(long sentNanos, long firstResponseNanos) {
        return firstResponseNanos - sentNanos >= RESENT_AFTER.toNanos();
    }
}
