package io.provtest.call.dial;

import io.provtest.call.address.DestinationGuard;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.engine.EngineExecutors;
import io.provtest.call.media.RtpEngine;
import io.provtest.call.provider.ProviderCache;
import io.provtest.call.sip.Sdp;
import io.provtest.call.sip.SipConfig;
import io.provtest.call.sip.SipEndpoint;
import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Provider;
import io.provtest.common.sip.InvitePlan;
import io.provtest.common.sip.InvitePlanner;
import io.provtest.common.sip.SipTrunk;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.Dialog;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * The SIP side of one call, from INVITE to the end of the dialog: where the INVITE is built and sent, where a final
 * response becomes a hangup reason or a failover to the next dialroute, the dial timer, CANCEL and BYE. It keeps
 * no state of its own (each call's is in its {@link DialState}) and knows nothing of flows, groupcalls or the
 * database: it reports to the call's {@link DialListener}. Every method runs on the call's lane.
 */
@Singleton
public class DialAttempt {

    private static final Logger LOG = Logger.getLogger(DialAttempt.class);
    /** The cause of a call whose INVITE the carrier never ended after our CANCEL, sent twice. */
    static final String NO_END_AFTER_CANCEL = "The carrier took our CANCEL but sent no final response to the INVITE;"
            + " the call was ended.";

    private final SipEndpoint sip;
    private final SipConfig sipConfig;
    private final RtpEngine rtp;
    private final ProviderCache providers;
    private final CallConfig config;
    private final EngineExecutors executors;
    private final DestinationGuard guard;

    public DialAttempt(SipEndpoint sip, SipConfig sipConfig, RtpEngine rtp, ProviderCache providers,
                       CallConfig config, EngineExecutors executors, DestinationGuard guard) {
        this.guard = guard;
        this.sip = sip;
        this.sipConfig = sipConfig;
        this.rtp = rtp;
        this.providers = providers;
        this.config = config;
        this.executors = executors;
    }

    /** Sends the INVITE through the current dialroute (the first one, or the next after a failover). */
    public void start(DialState s) {
        if (s.phase == Phase.ENDED) {
            return;
        }
        try {
            DialRequest request = s.request();
            DialRequest.Route route = request.routes().isEmpty() ? null : request.routes().get(s.routeIndex);
            SipTrunk trunk;
            String storedCodecs;
            if (route != null) {
                Provider provider = providers.provider(route.providerId());
                if (provider.deleted()) {
                    throw new DialFailure("The provider " + provider.id() + " was deleted before the call was placed.");
                }
                trunk = new SipTrunk(provider.hostname(), provider.techPrefix(), provider.techPostfix(),
                        provider.techHeaders(), provider.transport());
                storedCodecs = provider.codecs().isEmpty() ? request.fallbackCodecs() : provider.codecs();
            } else {
                // straight to the destination's own host, at the address the rules judged (never a second lookup)
                trunk = new SipTrunk(guard.sipHop(request.destination()), "", "", Map.of());
                storedCodecs = request.fallbackCodecs();
            }
            InvitePlan plan = InvitePlanner.plan(trunk, request.destination(), request.source(), request.anonymous());
            if (s.rtp == null) {
                s.rtp = rtp.open();
            }
            String sdp = Sdp.offer(sipConfig.contactHost(), s.rtp.port(), Sdp.codecs(storedCodecs),
                    ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
            s.invite = sip.invite(plan, sdp, sipCallId -> s.listener().sending(s, sipCallId));
            s.listener().attemptStarted(s, s.invite.sipCallId(), route, s.routeIndex > 0);
            s.dialTimer = executors.after(config.dialTimeout(), s.lane(), () -> dialTimedOut(s));
        } catch (ServiceException e) {
            finish(s, HangupRules.FAILED, HangupRules.BY_LOCAL, null, null, e.error().message());
        } catch (DialFailure e) {
            finish(s, HangupRules.FAILED, HangupRules.BY_LOCAL, null, null, e.getMessage());
        } catch (RtpEngine.PortsExhausted e) {
            LOG.warnf("could not place call %s: %s", s.callId(), e.getMessage());
            finish(s, HangupRules.FAILED, HangupRules.BY_LOCAL, null, null,
                    HangupRules.noRtpPort(e.inUse(), e.capacity()));
        } catch (Exception e) {
            LOG.warnf(e, "could not place call %s", s.callId());
            finish(s, HangupRules.FAILED, HangupRules.BY_LOCAL, null, null, HangupRules.notSent("INVITE"));
        }
    }

    private void failover(DialState s) {
        s.routeIndex++;
        s.invite = null;
        s.dialog = null;
        s.phase = Phase.INVITING;
        s.endReason = null;
        LOG.infof("call %s fails over to dialroute %d of %d", s.callId(), s.routeIndex + 1, s.request().routes().size());
        start(s);
    }

    // ---- what the far end sent ----

    public void onProvisional(DialState s, String sipCallId, int code) {
        if (s.phase == Phase.ENDED || !s.isCurrent(sipCallId)) {
            return;
        }
        switch (s.phase) {
            case INVITING -> {
                s.phase = Phase.EARLY;
                if (code == 180 || code == 183) {
                    s.listener().ringing(s);
                }
            }
            case EARLY -> {
                if (code == 180 || code == 183) {
                    s.listener().ringing(s);
                }
            }
            case CANCEL_WANTED -> sendCancel(s);
            default -> { }
        }
    }

    /** A 2xx, already ACKed by the endpoint (see {@link SipEndpoint}). */
    public void onAnswered(DialState s, String sipCallId, Response response, Dialog dialog) {
        if (!s.isCurrent(sipCallId)) {
            // a late 2xx to an INVITE we failed over from: that dialog alone is ended, the current attempt goes on
            byeStale(s, dialog);
            return;
        }
        if (s.phase.answered() || s.phase == Phase.ENDED) {
            return;
        }
        boolean gaveUp = s.phase.canceling() || s.endReason != null;
        s.phase = Phase.ANSWERED;
        s.dialog = dialog;
        s.cancelDialTimer();
        if (gaveUp) {
            // answered after we gave up on it: end it at once, keeping the reason we had
            if (s.endReason == null) {
                s.endReason = HangupRules.CANCEL;
            }
            sendBye(s);
            return;
        }
        byte[] body = response.getRawContent();
        Sdp.Answer answer = Sdp.parseAnswer(body == null ? null : new String(body, StandardCharsets.US_ASCII));
        String fault = answer == null ? null : Sdp.fault(answer);
        InetSocketAddress remote = null;
        if (answer != null && fault == null) {
            try {
                // dialed without a provider: straight to the customer's sip destination, whose answer is judged
                boolean customerDestination = s.request().routes().isEmpty();
                remote = new InetSocketAddress(guard.mediaAddress(answer.address(), customerDestination),
                        answer.port());
            } catch (UnknownHostException e) {
                fault = Sdp.UNRESOLVABLE;
            } catch (DestinationGuard.NotAllowed e) {
                fault = e.getMessage();
            }
        }
        if (fault != null) {
            // judged before a groupcall takes the answer: a leg without media must not win its groupcall
            LOG.infof("call %s: the answer's audio stream %s:%d is unusable; the call is ended as failed", s.callId(),
                    answer.address(), answer.port());
            s.endReason = HangupRules.FAILED;
            s.endCause = fault;
            sendBye(s);
            return;
        }
        String refusal = s.listener().answered(s);
        if (refusal != null) {
            s.endReason = HangupRules.CANCEL;
            s.endCause = refusal;
            sendBye(s);
            return;
        }
        if (remote != null && s.rtp != null) {
            s.rtp.remote(remote);
        }
        s.payloadType = answer != null && answer.payloadType() == 8 ? 8 : 0;
        s.listener().progressing(s, response.getStatusCode(), response.getReasonPhrase());
        if (s.invite.retransmitted() && !config.earlyDialogCheckDelay().isZero()) {
            s.dialogCheck = executors.after(config.earlyDialogCheckDelay(), s.lane(), () -> checkDialogEarly(s));
        } else {
            scheduleDialogCheck(s);
        }
    }

    // ---- is the answered dialog still there? ----

    private void scheduleDialogCheck(DialState s) {
        if (!config.dialogCheckInterval().isZero() && s.phase == Phase.ANSWERED) {
            s.dialogCheck = executors.after(config.dialogCheckInterval(), s.lane(), () -> checkDialog(s));
        }
    }

    void checkDialog(DialState s) {
        if (s.phase != Phase.ANSWERED) {
            return;
        }
        try {
            sip.checkDialog(s.dialog);
        } catch (Exception e) {
            LOG.debugf("dialog check of call %s not sent: %s", s.callId(), e.getMessage());
            scheduleDialogCheck(s);
        }
    }

    /**
     * The early check of a call whose INVITE was sent again: the same OPTIONS as the regular check, with a deadline of
     * its own instead of the transaction's 32 s, because such a carrier may have dropped the call at once (SIPp
     * aborts a call on an INVITE copy that arrives after its answer, and never sends its BYE).
     */
    void checkDialogEarly(DialState s) {
        if (s.phase != Phase.ANSWERED) {
            return;
        }
        String sipCallId = s.sipCallId();
        s.dialogCheckDeadline = executors.after(config.earlyDialogCheckTimeout(), s.lane(),
                () -> earlyCheckUnanswered(s, sipCallId));
        try {
            sip.checkDialog(s.dialog);
        } catch (Exception e) {
            LOG.debugf("early dialog check of call %s not sent: %s", s.callId(), e.getMessage());
            s.cancelDialogCheckDeadline();
            scheduleDialogCheck(s);
        }
    }

    private void earlyCheckUnanswered(DialState s, String sipCallId) {
        if (s.phase != Phase.ANSWERED || s.dialogCheckDeadline == null || !s.isCurrent(sipCallId)) {
            return;
        }
        s.dialogCheckDeadline = null;
        LOG.infof("call %s: no answer to the early dialog check; the carrier dropped the call", s.callId());
        // what the call knows is the timing, not whether a copy left: a response read on time but handled late
        // (a held thread) looks the same, so the cause states the timing and why it matters
        dialogLost(s, "The carrier did not answer an in-dialog OPTIONS within "
                + config.earlyDialogCheckTimeout().toMillis() + " ms of answering an INVITE whose first response"
                + " reached us 450 ms or more after it left (over UDP such an INVITE is sent again at 500 ms, and a"
                + " copy that crosses the answer makes some carriers drop the call): it dropped the call without a"
                + " BYE.");
    }

    /**
     * The answer to our in-dialog OPTIONS ({@code 0}: none came). A carrier that dropped the call without a BYE (it
     * never got our ACK, it restarted) answers 481 or nothing: the call ends now as failed, instead of holding its
     * port and memory until the maximum duration. Any other answer, even 405 or 501, proves the dialog is alive.
     */
    public void onDialogChecked(DialState s, String sipCallId, int code) {
        if (s.phase != Phase.ANSWERED || !s.isCurrent(sipCallId)) {
            return;
        }
        s.cancelDialogCheckDeadline();
        if (!HangupRules.dialogGone(code)) {
            scheduleDialogCheck(s);
            return;
        }
        dialogLost(s, code == 0
                ? "The carrier stopped answering within the dialog (no reply to an in-dialog OPTIONS): it dropped the"
                        + " call without a BYE."
                : "The carrier no longer knows the dialog (" + code + " to an in-dialog OPTIONS): it dropped the call"
                        + " without a BYE.");
    }

    /** Ends an answered call whose carrier no longer holds its dialog: no BYE into a dialog nobody has. */
    private void dialogLost(DialState s, String cause) {
        try {
            s.dialog.delete();
        } catch (RuntimeException e) {
            LOG.debugf("deleting the lost dialog of call %s: %s", s.callId(), e.getMessage());
        }
        finish(s, HangupRules.FAILED, HangupRules.BY_REMOTE, null, null, cause);
    }

    public void onRejected(DialState s, String sipCallId, int code, String reason) {
        if (s.phase == Phase.ENDED || !s.isCurrent(sipCallId)) {
            return;
        }
        s.cancelDialTimer();
        HangupRules.Outcome outcome;
        String by;
        if (s.phase.canceling()) {
            outcome = HangupRules.finalResponse(code, true);
            by = HangupRules.BY_LOCAL;
        } else if (HangupRules.DIALOUT.equals(s.endReason)) {
            // our dial timer's CANCEL: the destination rang but nobody answered
            outcome = new HangupRules.Outcome(HangupRules.DIALOUT, false);
            by = HangupRules.BY_LOCAL;
        } else {
            outcome = HangupRules.finalResponse(code, false);
            by = HangupRules.BY_REMOTE;
        }
        s.listener().finalResponse(s, code, reason);
        if (outcome.retryable() && s.hasNextRoute()) {
            failover(s);
        } else {
            finish(s, outcome.reason(), by, code, reason, "");
        }
    }

    public void onNoResponse(DialState s, String sipCallId) {
        if (s.phase == Phase.ENDED || !s.isCurrent(sipCallId)) {
            return;
        }
        s.cancelDialTimer();
        if (s.phase.canceling()) {
            finish(s, HangupRules.CANCEL, HangupRules.BY_LOCAL, null, null, "");
        } else if (s.hasNextRoute()) {
            failover(s);
        } else {
            // the Request-URI would show a customer the provider's host and tech prefix
            finish(s, HangupRules.DIALOUT, HangupRules.BY_REMOTE, null, null, "No SIP response to the INVITE"
                    + (s.request().routes().isEmpty() ? "."
                    : " from provider " + s.request().routes().get(s.routeIndex).providerId() + "."));
        }
    }

    public void onRemoteBye(DialState s, String sipCallId) {
        if (!s.phase.answered() || !s.isCurrent(sipCallId)) {
            return;
        }
        String by = s.phase == Phase.TERMINATING ? HangupRules.BY_LOCAL : HangupRules.BY_REMOTE;
        finish(s, s.endReason != null ? s.endReason : HangupRules.NORMAL, by, null, null, "");
    }

    public void onByeDone(DialState s, String sipCallId) {
        if (s.phase != Phase.ENDED && s.isCurrent(sipCallId)) {
            finish(s, s.endReason != null ? s.endReason : HangupRules.NORMAL, HangupRules.BY_LOCAL, null, null, "");
        }
    }

    // ---- what we decide ----

    /** No answer within the dial timeout: CANCEL what rings, give up on what does not, fail over when possible. */
    void dialTimedOut(DialState s) {
        if (s.phase == Phase.ENDED || s.phase.answered()) {
            return;
        }
        if (s.phase == Phase.CANCEL_SENT) {
            sendCancel(s); // our CANCEL got no 487 yet: send it again, and give the INVITE the RFC's time to end
            s.phase = Phase.CANCEL_RESENT;
            s.dialTimer = executors.after(config.cancelTimeout(), s.lane(), () -> dialTimedOut(s));
            return;
        }
        if (s.phase == Phase.CANCEL_RESENT) {
            // a carrier that took our CANCEL (200) but never ended the INVITE: without this the call stayed
            // canceling for ever (SIPp did so for a CANCEL that came right after its 100 Trying)
            terminateInvite(s);
            finish(s, HangupRules.CANCEL, HangupRules.BY_LOCAL, null, null, NO_END_AFTER_CANCEL);
            return;
        }
        if (s.phase == Phase.CANCEL_WANTED) {
            // canceled before anything rang: there is nothing to CANCEL, the call just ends
            terminateInvite(s);
            finish(s, HangupRules.CANCEL, HangupRules.BY_LOCAL, null, null, "");
            return;
        }
        if (s.phase == Phase.EARLY && HangupRules.DIALOUT.equals(s.endReason)) {
            // the dial timer's CANCEL got no final response within the give-up time either
            terminateInvite(s);
            finish(s, HangupRules.DIALOUT, HangupRules.BY_LOCAL, null, null, NO_END_AFTER_CANCEL);
            return;
        }
        s.endReason = HangupRules.DIALOUT;
        if (s.phase == Phase.EARLY) {
            // the 487 that follows ends the call as dialout; a carrier that never sends it does not keep it up
            sendCancel(s);
            s.dialTimer = executors.after(config.cancelTimeout(), s.lane(), () -> dialTimedOut(s));
            return;
        }
        terminateInvite(s);
        if (s.hasNextRoute()) {
            failover(s);
        } else {
            finish(s, HangupRules.DIALOUT, HangupRules.BY_LOCAL, null, null,
                    "No answer within the dial timeout of " + config.dialTimeout().toSeconds() + " s.");
        }
    }

    /** Local hangup: CANCEL before answer (once something rang), BYE after. */
    public void hangup(DialState s, String reason) {
        if (s.phase == Phase.ENDED || s.phase.canceling() || s.phase == Phase.TERMINATING) {
            return;
        }
        if (!s.phase.answered()) {
            boolean rang = s.phase == Phase.EARLY;
            s.phase = Phase.CANCEL_WANTED;
            s.endReason = HangupRules.CANCEL;
            s.listener().canceling(s);
            if (s.invite == null) {
                finish(s, HangupRules.CANCEL, HangupRules.BY_LOCAL, null, null, "");
            } else if (rang) {
                sendCancel(s);
            }
            return;
        }
        s.endReason = reason;
        s.listener().terminating(s);
        s.phase = Phase.TERMINATING;
        s.cancelDialogCheck();
        sendBye(s);
    }

    /**
     * Ends the call now, whatever its phase, as failed with {@code cause}: one of its steps failed inside
     * call-manager, so the normal path (waiting for a 487 or a BYE's answer) cannot be trusted. The far end is told
     * what can still be told (BYE after answer, CANCEL before; failures to send are only logged); a late 2xx is
     * answered with a BYE by the lifecycle, as for any call that has ended.
     */
    public void abandon(DialState s, String cause) {
        if (s.phase == Phase.ENDED) {
            return;
        }
        try {
            if (s.phase == Phase.ANSWERED && s.dialog != null) {
                sip.bye(s.dialog, HangupRules.q850Cause(HangupRules.FAILED));
            } else if (!s.phase.answered() && s.invite != null) {
                sip.cancel(s.invite.transaction());
            }
        } catch (Throwable t) {
            LOG.debugf("call %s abandoned without telling the far end: %s", s.callId(), t);
        }
        finish(s, HangupRules.FAILED, HangupRules.BY_LOCAL, null, null, cause);
    }

    private void terminateInvite(DialState s) {
        if (s.invite != null) {
            try {
                s.invite.transaction().terminate();
            } catch (Exception e) {
                LOG.debugf("terminating the INVITE of call %s: %s", s.callId(), e.getMessage());
            }
        }
    }

    private void sendCancel(DialState s) {
        try {
            sip.cancel(s.invite.transaction());
            if (s.phase == Phase.CANCEL_WANTED) {
                s.phase = Phase.CANCEL_SENT;
            }
        } catch (Exception e) {
            LOG.debugf("CANCEL for call %s not sent: %s", s.callId(), e.getMessage());
        }
    }

    private void byeStale(DialState s, Dialog stale) {
        try {
            sip.bye(stale, HangupRules.q850Cause(HangupRules.CANCEL));
        } catch (Exception e) {
            LOG.debugf("BYE for a late answer of call %s not sent: %s", s.callId(), e.getMessage());
        }
    }

    private void sendBye(DialState s) {
        try {
            sip.bye(s.dialog, HangupRules.q850Cause(s.endReason == null ? HangupRules.NORMAL : s.endReason));
        } catch (Exception e) {
            LOG.warnf("BYE for call %s not sent: %s", s.callId(), e.getMessage());
            finish(s, s.endReason == null ? HangupRules.NORMAL : s.endReason, HangupRules.BY_LOCAL, null, null,
                    HangupRules.notSent("BYE"));
        }
    }

    private void finish(DialState s, String reason, String by, Integer code, String sipReason, String cause) {
        if (s.phase == Phase.ENDED) {
            return;
        }
        s.phase = Phase.ENDED;
        s.cancelDialTimer();
        s.cancelDialogCheck();
        String why = cause == null || cause.isEmpty() ? s.endCause : cause;
        s.listener().ended(s, new DialListener.Ending(reason, by, code, sipReason, why == null ? "" : why));
    }

    /** A reason to give up on a call before any SIP was sent. */
    static final class DialFailure extends Exception {
        DialFailure(String message) {
            super(message, null, false, false);
        }
    }
}
