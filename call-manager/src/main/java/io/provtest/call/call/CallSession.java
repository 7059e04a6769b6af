package io.provtest.call.call;

import io.provtest.call.media.RtpSession;
import io.provtest.call.sip.SipEndpoint;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import javax.sip.Dialog;

/**
 * The live side of one call in this instance: its current INVITE attempt, dialog, media and timers. Only touched
 * from the call's own {@link SerialExecutor}.
 */
final class CallSession {

    final UUID callId;
    final SerialExecutor events;
    Call call;
    int routeIndex;
    SipEndpoint.Invite invite;
    Dialog dialog;
    boolean provisionalSeen;
    boolean answered;
    boolean cancelWanted;
    boolean cancelSent;
    /** Why we are ending the call, recorded when the dialog is finally over (cancel, dialout, timeout, normal…). */
    String endReason;
    /** A cause to record at hangup when no SIP response explains the end (e.g. a failed action). */
    String endCause;
    RtpSession rtp;
    int payloadType;
    UUID currentActionId;
    io.provtest.call.media.RtpPlayer.Playback playback;
    ScheduledFuture<?> sleepTimer;
    ScheduledFuture<?> dialTimer;
    ScheduledFuture<?> maxTimer;
    boolean finished;
    /** A groupcall leg that won but whose flow could not start: it ends as failed right after the answer. */
    boolean flowFailed;

    CallSession(Call call, SerialExecutor events) {
        this.callId = call.id();
        this.call = call;
        this.events = events;
    }

    boolean isCurrent(String sipCallId) {
        return invite != null && invite.sipCallId().equals(sipCallId);
    }

    boolean hasNextRoute() {
        return routeIndex + 1 < call.dialroutes().size();
    }

    void stopMedia() {
        if (playback != null) {
            playback.stop();
        }
        if (sleepTimer != null) {
            sleepTimer.cancel(false);
        }
    }

    void cancelTimers() {
        if (dialTimer != null) {
            dialTimer.cancel(false);
        }
        if (maxTimer != null) {
            maxTimer.cancel(false);
        }
    }
}
