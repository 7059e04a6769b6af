package io.provtest.call.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.dial.DialAttempt;
import io.provtest.call.dial.DialListener;
import io.provtest.call.dial.DialRequest;
import io.provtest.call.dial.DialState;
import io.provtest.call.dial.HangupRules;
import io.provtest.call.dial.Phase;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.engine.EngineExecutors;
import io.provtest.call.flow.FlowControl;
import io.provtest.call.flow.FlowRunner;
import io.provtest.call.flow.FlowState;
import io.provtest.call.media.CallRecorder;
import io.provtest.call.media.RecordingStore;
import io.provtest.call.media.RtpEngine;
import io.provtest.call.sip.Sdp;
import io.provtest.call.sip.SipEndpoint;
import io.provtest.call.sip.SipEventHandler;
import io.provtest.call.sip.SipTraceRecorder;
import io.provtest.call.outbox.Outbox;
import io.provtest.common.api.flow.CreateActiveflowRequest;
import io.provtest.common.api.flow.FlowManagerApi;
import io.provtest.common.db.Db;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.model.Action;
import io.provtest.common.model.Activeflow;
import io.provtest.common.request.Ids;
import io.provtest.common.request.RequestIds;
import io.provtest.common.rpc.RpcContext;
import io.provtest.common.time.Times;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * Each live call from start to end: the coordinator above the dial attempt (SIP), the flow runner (actions), the
 * typed transitions (persistence + events) and the balance watch (billing's deadline), which know nothing of each
 * other and report here through {@link DialListener}, {@link FlowControl} and {@link BalanceWatch.Calls}. It owns the registry of live calls and gives each call its own lane,
 * so a call's steps run one at a time and in order, and calls never wait for each other. Groupcalls talk to this
 * class, never to the dial attempt.
 */
@Singleton
public class CallLifecycle implements SipEventHandler, DialListener, FlowControl {

    private static final Logger LOG = Logger.getLogger(CallLifecycle.class);
    /** Late retransmissions still land in the trace for this long after the end. */
    private static final Duration TRACE_GRACE = Duration.ofSeconds(35);

    private final SessionRegistry sessions = new SessionRegistry();
    /**
     * Calls ended here whose final row is still queued in the {@link CallWriter} (group commit), by call id: a hangup
     * asked in that gap finds no session, and must wait for the row rather than end the call again as lost.
     */
    private final Map<UUID, CompletableFuture<Boolean>> endsBeingWritten = new ConcurrentHashMap<>();
    private final AtomicInteger settingUp = new AtomicInteger();
    private final DialAttempt dial;
    private final FlowRunner flowRunner;
    private final FlowManagerApi flows;
    private final CallTransitions transitions;
    private final CallWriter writer;
    private final CallRepository calls;
    private final Outbox outbox;
    private final LegObserver legs;
    private final SipEndpoint sip;
    private final SipTraceRecorder trace;
    private final RtpEngine rtp;
    private final EngineExecutors executors;
    private final CallConfig config;
    private final RecordingStore recordings;
    private final BalanceWatch balance;

    public CallLifecycle(DialAttempt dial, FlowRunner flowRunner, FlowManagerApi flows, CallTransitions transitions,
                         CallWriter writer, CallRepository calls, Outbox outbox, LegObserver legs, SipEndpoint sip,
                         SipTraceRecorder trace, RtpEngine rtp, EngineExecutors executors, CallConfig config,
                         RecordingStore recordings, CallAllowances allowances) {
        this.balance = new BalanceWatch(allowances, executors, config.balanceHangupMargin(), BalanceWatch.RETRY,
                new WatchedCalls());
        this.writer = writer;
        this.recordings = recordings;
        this.dial = dial;
        this.flowRunner = flowRunner;
        this.flows = flows;
        this.transitions = transitions;
        this.calls = calls;
        this.outbox = outbox;
        this.legs = legs;
        this.sip = sip;
        this.trace = trace;
        this.rtp = rtp;
        this.executors = executors;
        this.config = config;
    }

    void onStart(@Observes @Priority(50) StartupEvent event) {
        sip.handler(this);
        reconcile();
    }

    /** Calls this instance owned before a restart lost their dialogs: they end now, as failed, with the cause. */
    void reconcile() {
        int ended = endOrphans(config.instanceId(),
                "call-manager restarted while the call was live; its SIP dialog was lost.");
        if (ended > 0) {
            LOG.warnf("ended %d calls left unfinished by an earlier run of instance %s", ended, config.instanceId());
        }
    }

    /**
     * Ends, as failed with {@code cause}, the unfinished calls of {@code instance} whose dialogs are lost: this
     * instance's after a restart, or those of an instance gone for good (instance/InstanceLease). Not for calls live
     * here. Each end is a conditional UPDATE, so a racing end changes nothing twice. Returns how many it ended.
     */
    public int endOrphans(String instance, String cause) {
        List<UUID> orphans = Db.read(() -> calls.unfinishedOwnedBy(instance)).stream().map(Call::id).toList();
        return endOrphans(orphans, id -> cause);
    }

    /**
     * Ends, as failed with its cause, each of {@code orphans} (call ids) whose dialog is lost; one live here, or
     * ended here and still being written, is left alone. Each end is a conditional UPDATE. Returns how many it ended.
     */
    public int endOrphans(List<UUID> orphans, Function<UUID, String> cause) {
        int count = 0;
        // the requests that created them are gone: their hangup events carry a fresh request id of their own
        try (RpcContext.Scope ignored = RpcContext.open(RequestIds.generate(), null)) {
            for (UUID orphan : orphans) {
                if (sessions.byCall(orphan) != null || endsBeingWritten.containsKey(orphan)) {
                    continue;
                }
                CallChanges.Hangup hangup = new CallChanges.Hangup(HangupRules.FAILED, HangupRules.BY_LOCAL,
                        cause.apply(orphan), Times.now(), null, null, null);
                Call ended = outbox.record("call_hangup", () -> transitions.markHangup(orphan, hangup));
                if (ended != null) {
                    count++;
                    notifyEnded(ended);
                }
            }
        }
        return count;
    }

    /** Calls live here (dialed and not yet ended): what a drain waits for. */
    public int liveCalls() {
        return sessions.live();
    }

    /**
     * Ends every call live here from our side, with {@code cause} on each (CANCEL before the answer, BYE after):
     * a drain whose grace ran out, or a lease lost to a survivor. Does not wait for the ends.
     */
    public void endAllLive(String cause) {
        for (CallSession s : sessions.all()) {
            s.lane.execute(() -> {
                s.dial.endCause(cause);
                dial.hangup(s.dial, HangupRules.FAILED);
            });
        }
    }

    // ---- what the API and groupcalls ask ----

    /** Calls dialed and not yet answered or ended: what admission control counts. */
    public int callsSettingUp() {
        return settingUp.get();
    }

    public boolean isLive(UUID callId) {
        return sessions.byCall(callId) != null;
    }

    /** Dials a stored call; {@code firstAction}: its activeflow's first action, run at the answer (or null). */
    public void start(Call call, Action firstAction) {
        String requestId = RpcContext.currentRequestId();
        UUID callId = call.id();
        CallSession session = new CallSession(call,
                executors.newCallLane(requestId != null ? requestId : RequestIds.generate(),
                        failure -> stepFailed(callId, failure)));
        session.firstAction = firstAction;
        session.dial = new DialState(dialRequest(call), session.lane, this);
        sessions.add(session);
        settingUp.incrementAndGet();
        session.lane.execute(() -> dial.start(session.dial));
    }

    /**
     * One of the call's steps threw (a bug, or an Error such as OutOfMemoryError): the call is ended at once as
     * failed with a cause for the operator, rather than left up with no one driving it. On the call's lane.
     */
    private void stepFailed(UUID callId, Throwable failure) {
        LOG.errorf(failure, "a step of call %s failed; the call is ended", callId);
        CallSession s = sessions.byCall(callId);
        if (s == null) {
            return;
        }
        try {
            if (s.flow != null) {
                flowRunner.stop(s.flow);
            }
            dial.abandon(s.dial, HangupRules.internalFailure(failure));
        } finally {
            if (sessions.byCall(callId) == s) {
                // ending it failed as well: at least the engine lets it go (and stops counting it as setting up)
                sessions.remove(callId);
                balance.ended(s);
                setUp(s);
            }
        }
    }

    private static DialRequest dialRequest(Call call) {
        List<DialRequest.Route> routes = call.dialroutes().stream()
                .map(r -> new DialRequest.Route(r.id(), r.providerId())).toList();
        Object codecs = call.metadata().get("codecs");
        return new DialRequest(call.id(), routes, call.destination(), call.source(), call.anonymous(),
                codecs == null ? "" : codecs.toString());
    }

    /**
     * Local hangup: CANCEL before answer (status canceling), BYE after (terminating). Returns once the transition is
     * made, so the answer shows the new status. A call that has just ended here counts as hung up: this waits (5 s
     * at most) for its final row, so the answer shows the end it really had. False when not live here.
     */
    public boolean hangup(UUID callId, String reason) {
        CallSession session = sessions.byCall(callId);
        if (session == null) {
            return awaitEndWritten(callId);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.lane.execute(() -> {
            try {
                localHangup(session, reason);
            } finally {
                done.complete(null);
            }
        });
        try {
            done.get(5, TimeUnit.SECONDS);
            // the answer reads the stored row: it must show the change just made
            writer.synced().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("hangup of call %s still pending: %s", callId, e.getMessage());
        }
        return true;
    }

    /**
     * Local hangup without waiting for it: for a groupcall ending its other legs. False when not live here; true for
     * a call that has just ended here and whose final row is being written (nothing left to do).
     */
    public boolean hangupLater(UUID callId, String reason) {
        CallSession session = sessions.byCall(callId);
        if (session == null) {
            return endsBeingWritten.containsKey(callId);
        }
        session.lane.execute(() -> localHangup(session, reason));
        return true;
    }

    /** True when the call ended here and its final row was being written; waits (bounded) for that write. */
    private boolean awaitEndWritten(UUID callId) {
        CompletableFuture<Boolean> written = endsBeingWritten.get(callId);
        if (written == null) {
            return false;
        }
        try {
            written.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("the end of call %s is still being written: %s", callId, e.getMessage());
        }
        return true;
    }

    private void localHangup(CallSession s, String reason) {
        dial.hangup(s.dial, reason);
    }

    // ---- the SIP stack's events (on its thread: handed over to the call's lane at once) ----

    private void on(String sipCallId, Consumer<CallSession> work) {
        CallSession s = sessions.bySipCallId(sipCallId);
        if (s != null) {
            s.lane.execute(() -> work.accept(s));
        }
    }

    @Override
    public void onProvisional(String sipCallId, int code, String reason) {
        on(sipCallId, s -> dial.onProvisional(s.dial, sipCallId, code));
    }

    /**
     * Early media: the RTP socket has been read since the INVITE left, so what the carrier plays before answering
     * (ringback, an announcement) is already received and recorded; the status stays ringing, as the reference
     * keeps it, until a 2xx. This only notes that the carrier announced it (an SDP with an audio stream).
     */
    @Override
    public void onEarlyMedia(String sipCallId, String sdp) {
        on(sipCallId, s -> {
            CallRecorder recorder = s.dial.rtp() == null ? null : s.dial.rtp().recorder();
            Sdp.Answer early = Sdp.parseAnswer(sdp);
            if (recorder != null && early != null && Sdp.fault(early) == null) {
                recorder.markEarlySdp();
            }
        });
    }

    @Override
    public void onAnswered(String sipCallId, Response response, Dialog dialog) {
        CallSession s = sessions.bySipCallId(sipCallId);
        if (s != null) {
            s.lane.execute(() -> dial.onAnswered(s.dial, sipCallId, response, dialog));
        } else if (dialog != null && dialog.getState() != DialogState.TERMINATED) {
            // an answer to an INVITE whose call has already ended (canceled, failed over, given up): the endpoint
            // ACKed it, and its dialog is ended at once, as the call would have done
            try {
                sip.bye(dialog, HangupRules.q850Cause(HangupRules.CANCEL));
            } catch (Exception e) {
                LOG.debugf("BYE for a late answer with Call-ID %s not sent: %s", sipCallId, e.getMessage());
            }
        }
    }

    @Override
    public void onRejected(String sipCallId, int code, String reason) {
        on(sipCallId, s -> dial.onRejected(s.dial, sipCallId, code, reason));
    }

    @Override
    public void onNoResponse(String sipCallId) {
        on(sipCallId, s -> dial.onNoResponse(s.dial, sipCallId));
    }

    @Override
    public void onRemoteBye(String sipCallId) {
        on(sipCallId, s -> dial.onRemoteBye(s.dial, sipCallId));
    }

    @Override
    public void onDialogChecked(String sipCallId, int code) {
        on(sipCallId, s -> dial.onDialogChecked(s.dial, sipCallId, code));
    }

    @Override
    public void onByeDone(String sipCallId) {
        on(sipCallId, s -> dial.onByeDone(s.dial, sipCallId));
    }

    // ---- DialListener: what the dial attempt reports ----

    private CallSession session(DialState d) {
        return sessions.byCall(d.callId());
    }

    @Override
    public void sending(DialState d, String sipCallId) {
        CallSession s = session(d);
        if (s != null) {
            sessions.bind(sipCallId, s);
            s.sipCallIds.add(sipCallId);
            trace.track(sipCallId, s.callId);
            CallMetadata metadata = CallMetadata.fromMap(s.call.metadata());
            if (d.rtp() != null && d.rtp().recorder() == null && (metadata.forced() || metadata.rtpDebugOn())) {
                // provider calls and rtp_debug calls keep the far end's audio, early media included
                d.rtp().record(recordings.newRecorder());
            }
        }
    }

    @Override
    public void attemptStarted(DialState d, String sipCallId, DialRequest.Route route, boolean failedOver) {
        // a failover is news for whoever follows the call; the first attempt is not (call_created said it all)
        change(d, c -> CallChanges.attemptStarted(c, sipCallId, route == null ? null : route.id(),
                route == null ? null : route.providerId(), Times.now()), failedOver ? "call_updated" : null);
    }

    @Override
    public void ringing(DialState d) {
        change(d, c -> CallChanges.ringing(c, Times.now()), "call_ringing");
    }

    /**
     * A groupcall leg that answered asks its groupcall whether it won. A loser is hung up at once (cancel: another
     * destination answered); the winner gets the groupcall's flow, which runs on the answering leg only.
     */
    @Override
    public String answered(DialState d) {
        CallSession s = session(d);
        if (s == null || Ids.NIL.equals(s.call.groupcallId())) {
            return null;
        }
        LegObserver.Verdict verdict;
        try {
            verdict = legs.answered(s.call);
        } catch (RuntimeException e) {
            LOG.warnf(e, "groupcall %s could not take the answer of call %s", s.call.groupcallId(), s.callId);
            verdict = LegObserver.Verdict.drop("The groupcall could not take the answer (an internal error in "
                    + "call-manager, logged with the call id).");
        }
        if (!verdict.keep()) {
            return verdict.refusal();
        }
        if (!Ids.NIL.equals(verdict.flowId())) {
            try {
                Activeflow started = flows.createActiveflow(CreateActiveflowRequest.forCall(verdict.flowId(),
                        s.callId));
                UUID activeflowId = started.id();
                s.firstAction = started.firstAction();
                UUID flowId = verdict.flowId();
                change(d, c -> CallChanges.flowStarted(c, flowId, activeflowId, Times.now()), null);
            } catch (ServiceException e) {
                d.endCause("The groupcall's flow could not start: " + e.error().message());
                s.flowFailed = true;
            }
        }
        return null;
    }

    @Override
    public void progressing(DialState d, int code, String reason) {
        CallSession s = session(d);
        if (s != null) {
            // first: whatever fails below (the recorder, the row's change, the flow's start), an answered call ends
            s.maxTimer = executors.after(config.maxDuration(), s.lane, () -> localHangup(s, HangupRules.TIMEOUT));
        }
        if (d.rtp() != null && d.rtp().recorder() != null) {
            d.rtp().recorder().markAnswered();
        }
        change(d, c -> CallChanges.progressing(c, Times.now(), code, reason), "call_progressing");
        if (s == null) {
            return;
        }
        setUp(s);
        balance.answered(s);
        if (s.flowFailed) {
            localHangup(s, HangupRules.FAILED);
            return;
        }
        s.flow = new FlowState(s.callId, s.call.activeflowId(), d.rtp(), d.payloadType(), s.lane, this);
        flowRunner.start(s.flow, s.firstAction);
    }

    @Override
    public void finalResponse(DialState d, int code, String reason) {
        change(d, c -> CallChanges.finalResponse(c, code, reason, Times.now()), null);
    }

    @Override
    public void canceling(DialState d) {
        change(d, c -> CallChanges.canceling(c, Times.now()), "call_canceling");
    }

    @Override
    public void terminating(DialState d) {
        CallSession s = session(d);
        if (s != null && s.flow != null) {
            flowRunner.stop(s.flow);
        }
        change(d, c -> CallChanges.terminating(c, Times.now()), "call_terminating");
    }

    @Override
    public void ended(DialState d, Ending ending) {
        CallSession s = session(d);
        if (s == null) {
            return;
        }
        setUp(s);
        if (s.maxTimer != null) {
            s.maxTimer.cancel(false);
        }
        balance.ended(s);
        JsonNode rtpStats = null;
        try {
            rtpStats = release(s, d);
        } catch (Throwable t) {
            // the end is written and the session let go whatever went wrong here: a call whose flow, recording or
            // socket failed to close must not stay live in the engine and the database (a zombie)
            LOG.errorf(t, "call %s: its flow or media was not released cleanly; it is ended anyway", s.callId);
        }
        CallChanges.Hangup hangup = new CallChanges.Hangup(ending.reason(), ending.by(), ending.cause(),
                Times.now(), ending.sipCode(), ending.sipReason(), rtpStats);
        Call ended = CallChanges.hangup(s.call, hangup);
        if (ended != null) {
            s.call = ended;
            // a groupcall reads its legs' stored rows: it hears of the end once the row says it
            CompletableFuture<Boolean> written = writer.write(ended, "call_hangup", RpcContext.currentRequestId());
            // marked before the session goes, unmarked once written (or refused): see endsBeingWritten
            endsBeingWritten.put(s.callId, written);
            written.whenComplete((stored, failure) -> endsBeingWritten.remove(s.callId, written));
            written.thenAccept(stored -> {
                if (stored) {
                    notifyEnded(ended);
                }
            });
        }
        sessions.remove(s.callId);
        // The session is let go now (a late answer is ended without it, see onAnswered): a registry holding ended
        // calls for the trace's grace kept thousands of dialogs in the heap under load. Late retransmissions still
        // land in the trace for TRACE_GRACE.
        List<String> sipCallIds = List.copyOf(s.sipCallIds);
        sipCallIds.forEach(sessions::forget);
        executors.later(TRACE_GRACE, () -> sipCallIds.forEach(trace::untrack));
    }

    /** Stops the call's flow and closes its media, storing its recording; the RTP counters when rtp_debug is on. */
    private JsonNode release(CallSession s, DialState d) {
        if (s.flow != null) {
            flowRunner.stop(s.flow);
        }
        flowRunner.release(s.call.activeflowId(), s.flow);
        if (d.rtp() == null) {
            return null;
        }
        try {
            JsonNode rtpStats = CallMetadata.fromMap(s.call.metadata()).rtpDebugOn() ? Json.tree(d.rtp().stats()) : null;
            if (d.rtp().recorder() != null) {
                try {
                    recordings.save(s.callId, d.rtp().recorder());
                } catch (RuntimeException e) {
                    LOG.warnf("the recording of call %s was not stored: %s", s.callId, e.getMessage());
                }
            }
            return rtpStats;
        } finally {
            rtp.close(d.rtp());
        }
    }

    /** The call is no longer being set up (answered or ended): counted once. */
    private void setUp(CallSession s) {
        if (!s.setUp) {
            s.setUp = true;
            settingUp.decrementAndGet();
        }
    }

    /**
     * Applies a change to the call in memory and queues its write (and its event, when {@code event} is not null)
     * without waiting for it. A change the status machine refuses (null) moves nothing and writes nothing.
     */
    private void change(DialState d, UnaryOperator<Call> change, String event) {
        CallSession s = session(d);
        Call changed = s == null ? null : change.apply(s.call);
        if (changed != null) {
            s.call = changed;
            writer.write(changed, event, RpcContext.currentRequestId());
        }
    }

    private void notifyEnded(Call call) {
        if (!Ids.NIL.equals(call.groupcallId())) {
            legs.ended(call);
        }
    }

    // ---- the customer's balance (BalanceWatch; call-manager/README.md, "Out of balance") ----

    /**
     * A customer's balance or plan changed (route-manager's {@code billing_account_updated}): its answered calls
     * live here are judged again, so a top-up lets them run longer.
     */
    public void balanceChanged(UUID customerId) {
        balance.balanceChanged(customerId);
    }

    /** The live calls as the balance watch sees them. */
    private final class WatchedCalls implements BalanceWatch.Calls {

        @Override
        public boolean answeredHere(CallSession s) {
            return sessions.byCall(s.callId) == s && s.dial.phase() == Phase.ANSWERED;
        }

        @Override
        public Collection<CallSession> live() {
            return sessions.all();
        }

        @Override
        public void outOfBalance(CallSession s, String cause) {
            s.dial.endCause(cause);
            dial.hangup(s.dial, HangupRules.TIMEOUT);
        }
    }

    // ---- FlowControl: what the flow runner asks ----

    @Override
    public boolean running(UUID callId) {
        CallSession s = sessions.byCall(callId);
        return s != null && s.dial.phase() == Phase.ANSWERED && s.call.status() == CallStatus.PROGRESSING;
    }

    @Override
    public void actionStarted(UUID callId, JsonNode action) {
        CallSession s = sessions.byCall(callId);
        if (s != null) {
            change(s.dial, c -> CallChanges.actionStarted(c, action, Times.now()), null);
        }
    }

    @Override
    public void endCall(UUID callId, String reason) {
        CallSession s = sessions.byCall(callId);
        if (s != null) {
            localHangup(s, reason);
        }
    }

    @Override
    public void failed(UUID callId, String cause) {
        CallSession s = sessions.byCall(callId);
        if (s != null) {
            s.dial.endCause(cause);
            localHangup(s, HangupRules.FAILED);
        }
    }
}
