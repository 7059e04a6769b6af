package io.provtest.call.dial;

import io.provtest.call.media.RtpSession;
import io.provtest.call.sip.SipEndpoint;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import javax.sip.Dialog;

/**
 * One call's dialing state: its current INVITE, dialog, phase, media socket and dial timer. Only touched on the
 * call's own lane ({@link #lane()}), so it needs no locks.
 */
public final class DialState {

    private final DialRequest request;
    private final Executor lane;
    private final DialListener listener;
    Phase phase = Phase.INVITING;
    int routeIndex;
    SipEndpoint.Invite invite;
    Dialog dialog;
    RtpSession rtp;
    int payloadType;
    ScheduledFuture<?> dialTimer;
    /** The next check that the answered dialog still exists at the carrier. */
    ScheduledFuture<?> dialogCheck;
    /** While the early dialog check waits for its answer: when it gives up on the carrier. */
    ScheduledFuture<?> dialogCheckDeadline;
    /** Why we are ending the call, recorded when the dialog is finally over (cancel, dialout, timeout, normal…). */
    String endReason;
    /** A cause to record at hangup when no SIP response explains the end (e.g. a failed action). */
    String endCause;

    public DialState(DialRequest request, Executor lane, DialListener listener) {
        this.request = request;
        this.lane = lane;
        this.listener = listener;
    }

    public UUID callId() {
        return request.callId();
    }

    public DialRequest request() {
        return request;
    }

    public Executor lane() {
        return lane;
    }

    DialListener listener() {
        return listener;
    }

    public Phase phase() {
        return phase;
    }

    /** The media socket (open from the first INVITE on), or null. */
    public RtpSession rtp() {
        return rtp;
    }

    /** The payload type the far end chose in its answer (0 PCMU, 8 PCMA). */
    public int payloadType() {
        return payloadType;
    }

    /** The SIP Call-ID of the current INVITE, or null before the first one left. */
    public String sipCallId() {
        return invite == null ? null : invite.sipCallId();
    }

    /** Records why the call is ending, when no SIP response will say it (a failed action, a lost groupcall race). */
    public void endCause(String cause) {
        this.endCause = cause;
    }

    boolean isCurrent(String sipCallId) {
        return invite != null && invite.sipCallId().equals(sipCallId);
    }

    boolean hasNextRoute() {
        return routeIndex + 1 < request.routes().size();
    }

    void cancelDialTimer() {
        if (dialTimer != null) {
            dialTimer.cancel(false);
        }
    }

    void cancelDialogCheck() {
        if (dialogCheck != null) {
            dialogCheck.cancel(false);
        }
        cancelDialogCheckDeadline();
    }

    void cancelDialogCheckDeadline() {
        if (dialogCheckDeadline != null) {
            dialogCheckDeadline.cancel(false);
            dialogCheckDeadline = null;
        }
    }
}
