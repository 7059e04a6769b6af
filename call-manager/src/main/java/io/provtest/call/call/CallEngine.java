package io.provtest.call.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.address.DestinationGuard;
import io.provtest.call.media.PlayFetcher;
import io.provtest.call.media.RtpEngine;
import io.provtest.call.media.RtpPlayer;
import io.provtest.call.media.TextToSpeech;
import io.provtest.call.outbox.Outbox;
import io.provtest.call.sip.Sdp;
import io.provtest.call.sip.SipConfig;
import io.provtest.call.sip.SipEndpoint;
import io.provtest.call.sip.SipEventHandler;
import io.provtest.call.sip.SipTraceRecorder;
import io.provtest.common.db.Jdbc;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.model.Action;
import io.provtest.common.model.Provider;
import io.provtest.common.request.Ids;
import io.provtest.common.sip.InvitePlan;
import io.provtest.common.sip.InvitePlanner;
import io.provtest.common.sip.SipTrunk;
import io.provtest.common.time.Times;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sip.Dialog;
import javax.sip.message.Response;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Drives each live call from INVITE to hangup: SIP responses and local actions become status transitions (persisted,
 * then published), failover moves a retryable failure to the next dialroute with a new INVITE, and every path ends
 * in {@code hangup} with a reason — a call never stays {@code dialing}.
 */
@Singleton
public class CallEngine implements SipEventHandler {

    private static final Logger LOG = Logger.getLogger(CallEngine.class);
    /** Late retransmissions still land in the trace for this long after the end. */
    private static final long TRACE_GRACE_SECONDS = 35;

    private final SipEndpoint sip;
    private final SipConfig sipConfig;
    private final RtpEngine rtp;
    private final SipTraceRecorder trace;
    private final CallRepository calls;
    private final Jdbc jdbc;
    private final Outbox outbox;
    private final RouteManagerClient routes;
    private final CallConfig config;
    private final FlowManagerClient flows;
    private final TextToSpeech tts;
    private final RtpPlayer player;
    private final LegObserver legs;
    private final PlayFetcher fetcher;
    private final DestinationGuard guard;
    private final Map<UUID, CallSession> byCall = new ConcurrentHashMap<>();
    private final Map<String, CallSession> bySipCallId = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final ScheduledExecutorService timers;

    public CallEngine(SipEndpoint sip, SipConfig sipConfig, RtpEngine rtp, SipTraceRecorder trace, CallRepository calls,
                      DataSource dataSource, Outbox outbox, RouteManagerClient routes, CallConfig config,
                      FlowManagerClient flows, TextToSpeech tts, RtpPlayer player, LegObserver legs,
                      PlayFetcher fetcher, DestinationGuard guard) {
        this.fetcher = fetcher;
        this.guard = guard;
        this.legs = legs;
        this.flows = flows;
        this.tts = tts;
        this.player = player;
        this.sip = sip;
        this.sipConfig = sipConfig;
        this.rtp = rtp;
        this.trace = trace;
        this.calls = calls;
        this.jdbc = new Jdbc(dataSource);
        this.outbox = outbox;
        this.routes = routes;
        this.config = config;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.engineThreads(), r -> daemon(r, "call-engine-" + n.incrementAndGet()));
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "call-timers"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void onStart(@Observes @Priority(50) StartupEvent event) {
        sip.handler(this);
        reconcile();
    }

    void onStop(@Observes ShutdownEvent event) {
        timers.shutdownNow();
        pool.shutdown();
    }

    /** Calls this instance owned before a restart lost their dialogs: they end now, as failed, with the cause. */
    void reconcile() {
        List<Call> orphans = jdbc.read(c -> calls.unfinishedOwnedBy(c, config.instanceId()));
        for (Call orphan : orphans) {
            Map<String, Object> columns = new HashMap<>();
            columns.put("hangup_reason", HangupRules.FAILED);
            columns.put("hangup_by", HangupRules.BY_LOCAL);
            columns.put("hangup_cause", "call-manager restarted while the call was live; its SIP dialog was lost.");
            columns.put("tm_hangup", Times.now());
            persist(orphan.id(), CallStatus.HANGUP, columns, "call_hangup").ifPresent(this::notifyEnded);
        }
        if (!orphans.isEmpty()) {
            LOG.warnf("ended %d calls left unfinished by an earlier run of instance %s", orphans.size(),
                    config.instanceId());
        }
    }

    public boolean isLive(UUID callId) {
        return byCall.containsKey(callId);
    }

    public void start(Call call) {
        CallSession session = new CallSession(call, new SerialExecutor(pool));
        byCall.put(call.id(), session);
        session.events.execute(() -> attempt(session));
    }

    /**
     * Local hangup: CANCEL before answer (status canceling), BYE after (terminating). Returns once the transition is
     * made, so the answer shows the new status.
     */
    public boolean hangup(UUID callId, String reason) {
        CallSession session = byCall.get(callId);
        if (session == null) {
            return false;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.events.execute(() -> {
            try {
                localHangup(session, reason);
            } finally {
                done.complete(null);
            }
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("hangup of call %s still pending: %s", callId, e.getMessage());
        }
        return true;
    }

    /** Local hangup without waiting for it: for a groupcall ending its other legs. False when not live here. */
    public boolean hangupLater(UUID callId, String reason) {
        CallSession session = byCall.get(callId);
        if (session == null) {
            return false;
        }
        session.events.execute(() -> localHangup(session, reason));
        return true;
    }

    // ---- the dialing attempt ----

    private void attempt(CallSession s) {
        if (s.finished) {
            return;
        }
        try {
            Call call = s.call;
            Call.Dialroute route = call.dialroutes().isEmpty() ? null : call.dialroutes().get(s.routeIndex);
            SipTrunk trunk;
            String storedCodecs;
            if (route != null) {
                Provider provider = routes.provider(route.providerId());
                if (provider.deleted()) {
                    throw new DialFailure("The provider " + provider.id() + " was deleted before the call was placed.");
                }
                trunk = new SipTrunk(provider.hostname(), provider.techPrefix(), provider.techPostfix(),
                        provider.techHeaders(), provider.transport());
                storedCodecs = provider.codecs().isEmpty() ? metadataCodecs(call) : provider.codecs();
            } else {
                // straight to the destination's own host, at the address the rules judged (never a second lookup)
                trunk = new SipTrunk(guard.sipHop(call.destination()), "", "", Map.of());
                storedCodecs = metadataCodecs(call);
            }
            InvitePlan plan = InvitePlanner.plan(trunk, call.destination(), call.source(), call.anonymous());
            if (s.rtp == null) {
                s.rtp = rtp.open();
            }
            String sdp = Sdp.offer(sipConfig.contactHost(), s.rtp.port(), Sdp.codecs(storedCodecs),
                    ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
            s.invite = sip.invite(plan, sdp, sipCallId -> {
                bySipCallId.put(sipCallId, s);
                trace.track(sipCallId, s.callId);
            });
            Map<String, Object> columns = new HashMap<>();
            columns.put("sip_call_id", s.invite.sipCallId());
            if (route != null) {
                columns.put("dialroute_id", route.id());
                columns.put("provider_id", route.providerId());
            }
            Jdbc.Work<Optional<Call>> update = c -> calls.updateLive(c, s.callId, columns, Times.now());
            boolean failedOver = s.routeIndex > 0;
            (failedOver ? outbox.record("call_updated", update) : jdbc.read(update)).ifPresent(updated -> s.call = updated);
            long timeout = config.dialTimeout().toMillis();
            s.dialTimer = timers.schedule(() -> s.events.execute(() -> dialTimedOut(s)), timeout, TimeUnit.MILLISECONDS);
        } catch (ServiceException e) {
            finish(s, HangupRules.FAILED, HangupRules.BY_LOCAL, null, null, e.error().message());
        } catch (DialFailure e) {
            finish(s, HangupRules.FAILED, HangupRules.BY_LOCAL, null, null, e.getMessage());
        } catch (Exception e) {
            LOG.warnf(e, "could not place call %s", s.callId);
            finish(s, HangupRules.FAILED, HangupRules.BY_LOCAL, null, null,
                    "The INVITE could not be sent: " + e.getMessage());
        }
    }

    private static String metadataCodecs(Call call) {
        Object codecs = call.metadata().get("codecs");
        return codecs == null ? "" : codecs.toString();
    }

    private void failover(CallSession s) {
        s.routeIndex++;
        s.invite = null;
        s.dialog = null;
        s.provisionalSeen = false;
        s.endReason = null;
        LOG.infof("call %s fails over to dialroute %d of %d", s.callId, s.routeIndex + 1, s.call.dialroutes().size());
        attempt(s);
    }

    // ---- SIP events (on the SIP thread: hand over to the call's own executor) ----

    private void on(String sipCallId, Consumer<CallSession> work) {
        CallSession s = bySipCallId.get(sipCallId);
        if (s != null) {
            s.events.execute(() -> work.accept(s));
        }
    }

    @Override
    public void onProvisional(String sipCallId, int code, String reason) {
        on(sipCallId, s -> {
            if (s.finished || !s.isCurrent(sipCallId)) {
                return;
            }
            s.provisionalSeen = true;
            if (s.cancelWanted && !s.cancelSent) {
                sendCancel(s);
            }
            if ((code == 180 || code == 183) && !s.cancelWanted) {
                Map<String, Object> columns = new HashMap<>();
                columns.put("tm_ringing", Times.now());
                persist(s, CallStatus.RINGING, columns, "call_ringing");
            }
        });
    }

    @Override
    public void onAnswered(String sipCallId, Response response, Dialog dialog) {
        on(sipCallId, s -> {
            try {
                sip.ack(response, dialog);
            } catch (Exception e) {
                LOG.warnf("could not ACK the answer of call %s: %s", s.callId, e.getMessage());
            }
            if (s.answered || s.finished) {
                return;
            }
            s.answered = true;
            s.dialog = dialog;
            if (s.dialTimer != null) {
                s.dialTimer.cancel(false);
            }
            if (!s.isCurrent(sipCallId) || s.cancelWanted || s.endReason != null) {
                // answered after we gave up on it: end it at once, keeping the reason we had
                if (s.endReason == null) {
                    s.endReason = HangupRules.CANCEL;
                }
                sendBye(s);
                return;
            }
            if (!Ids.NIL.equals(s.call.groupcallId()) && !joinGroupcall(s)) {
                return;
            }
            byte[] body = response.getRawContent();
            Sdp.Answer answer = Sdp.parseAnswer(body == null ? null : new String(body, StandardCharsets.US_ASCII));
            if (answer != null && s.rtp != null) {
                s.rtp.remote(new InetSocketAddress(answer.address(), answer.port()));
            }
            Map<String, Object> columns = new HashMap<>();
            columns.put("tm_progressing", Times.now());
            columns.put("sip_status_code", response.getStatusCode());
            columns.put("sip_reason", response.getReasonPhrase());
            persist(s, CallStatus.PROGRESSING, columns, "call_progressing");
            if (s.flowFailed) {
                localHangup(s, HangupRules.FAILED);
                return;
            }
            s.payloadType = answer != null && answer.payloadType() == 8 ? 8 : 0;
            s.maxTimer = timers.schedule(() -> s.events.execute(() -> localHangup(s, HangupRules.TIMEOUT)),
                    config.maxDuration().toMillis(), TimeUnit.MILLISECONDS);
            runNext(s);
        });
    }

    /**
     * A groupcall leg that answered asks its groupcall whether it won. A loser is hung up at once (cancel: another
     * destination answered); the winner gets the groupcall's flow, which runs on the answering leg only.
     */
    private boolean joinGroupcall(CallSession s) {
        LegObserver.Verdict verdict;
        try {
            verdict = legs.answered(s.call);
        } catch (RuntimeException e) {
            LOG.warnf(e, "groupcall %s could not take the answer of call %s", s.call.groupcallId(), s.callId);
            verdict = LegObserver.Verdict.drop("The groupcall could not take the answer: " + e.getMessage());
        }
        if (!verdict.keep()) {
            s.endReason = HangupRules.CANCEL;
            s.endCause = verdict.refusal();
            sendBye(s);
            return false;
        }
        if (!Ids.NIL.equals(verdict.flowId())) {
            try {
                UUID activeflowId = flows.createActiveflow(verdict.flowId(), s.callId);
                Map<String, Object> columns = new HashMap<>();
                columns.put("flow_id", verdict.flowId());
                columns.put("activeflow_id", activeflowId);
                jdbc.read(c -> calls.updateLive(c, s.callId, columns, Times.now())).ifPresent(updated -> s.call = updated);
            } catch (ServiceException e) {
                s.endCause = "The groupcall's flow could not start: " + e.error().message();
                s.flowFailed = true;
            }
        }
        return true;
    }

    @Override
    public void onRejected(String sipCallId, int code, String reason) {
        on(sipCallId, s -> {
            if (s.finished || !s.isCurrent(sipCallId)) {
                return;
            }
            s.cancelTimers();
            HangupRules.Outcome outcome;
            String by;
            if (s.cancelWanted) {
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
            recordResponse(s, code, reason);
            if (outcome.retryable() && s.hasNextRoute()) {
                failover(s);
            } else {
                finish(s, outcome.reason(), by, code, reason, "");
            }
        });
    }

    @Override
    public void onNoResponse(String sipCallId) {
        on(sipCallId, s -> {
            if (s.finished || !s.isCurrent(sipCallId)) {
                return;
            }
            s.cancelTimers();
            if (s.cancelWanted) {
                finish(s, HangupRules.CANCEL, HangupRules.BY_LOCAL, null, null, "");
            } else if (s.hasNextRoute()) {
                failover(s);
            } else {
                finish(s, HangupRules.DIALOUT, HangupRules.BY_REMOTE, null, null,
                        // the Request-URI would show a customer the provider's host and tech prefix
                        "No SIP response to the INVITE" + (Ids.NIL.equals(s.call.providerId()) ? "."
                                : " from provider " + s.call.providerId() + "."));
            }
        });
    }

    @Override
    public void onRemoteBye(String sipCallId) {
        on(sipCallId, s -> {
            if (s.finished || !s.answered) {
                return;
            }
            String by = s.call.status() == CallStatus.TERMINATING ? HangupRules.BY_LOCAL : HangupRules.BY_REMOTE;
            finish(s, s.endReason != null ? s.endReason : HangupRules.NORMAL, by, null, null, "");
        });
    }

    @Override
    public void onByeDone(String sipCallId) {
        on(sipCallId, s -> {
            if (!s.finished) {
                finish(s, s.endReason != null ? s.endReason : HangupRules.NORMAL, HangupRules.BY_LOCAL, null, null, "");
            }
        });
    }

    // ---- local decisions ----

    private void dialTimedOut(CallSession s) {
        if (s.finished || s.answered) {
            return;
        }
        s.endReason = HangupRules.DIALOUT;
        if (s.provisionalSeen) {
            sendCancel(s); // the 487 that follows ends the call as dialout
            return;
        }
        if (s.invite != null) {
            try {
                s.invite.transaction().terminate();
            } catch (Exception e) {
                LOG.debugf("terminating the INVITE of call %s: %s", s.callId, e.getMessage());
            }
        }
        if (s.hasNextRoute()) {
            failover(s);
        } else {
            finish(s, HangupRules.DIALOUT, HangupRules.BY_LOCAL, null, null,
                    "No answer within the dial timeout of " + config.dialTimeout().toSeconds() + " s.");
        }
    }

    private void localHangup(CallSession s, String reason) {
        if (s.finished) {
            return;
        }
        if (!s.answered) {
            if (s.cancelWanted) {
                return;
            }
            s.cancelWanted = true;
            s.endReason = HangupRules.CANCEL;
            persist(s, CallStatus.CANCELING, new HashMap<>(), "call_canceling");
            if (s.invite == null) {
                finish(s, HangupRules.CANCEL, HangupRules.BY_LOCAL, null, null, "");
            } else if (s.provisionalSeen) {
                sendCancel(s);
            }
            return;
        }
        if (s.call.status() == CallStatus.TERMINATING) {
            return;
        }
        s.endReason = reason;
        s.stopMedia();
        persist(s, CallStatus.TERMINATING, new HashMap<>(), "call_terminating");
        sendBye(s);
    }

    // ---- the flow, after answer ----

    /**
     * Asks flow-manager for the next action and runs it; each action calls this again when it completes. A call
     * without a flow stays up until either side hangs up or the maximum duration passes.
     */
    private void runNext(CallSession s) {
        if (s.finished || !s.answered || s.call.status() != CallStatus.PROGRESSING
                || Ids.NIL.equals(s.call.activeflowId())) {
            return;
        }
        JsonNode next;
        try {
            next = flows.next(s.call.activeflowId(), s.currentActionId);
        } catch (ServiceException e) {
            s.endCause = "The flow could not continue: " + e.error().message();
            localHangup(s, HangupRules.FAILED);
            return;
        }
        if (next.path("finished").asBoolean(false)) {
            localHangup(s, HangupRules.NORMAL);
            return;
        }
        Action action = Json.convert(next.get("action"), Action.class);
        s.currentActionId = action.id();
        Map<String, Object> columns = new HashMap<>();
        columns.put("action", next.get("action"));
        jdbc.read(c -> calls.updateLive(c, s.callId, columns, Times.now())).ifPresent(updated -> s.call = updated);
        try {
            execute(s, action);
        } catch (RuntimeException e) {
            LOG.warnf("action %s of call %s failed: %s", action.type(), s.callId, e.getMessage());
            s.endCause = "The " + action.type() + " action failed: " + e.getMessage();
            localHangup(s, HangupRules.FAILED);
        }
    }

    private void execute(CallSession s, Action action) {
        JsonNode option = action.option() == null
                ? Json.MAPPER.createObjectNode() : action.option();
        Runnable proceed = () -> s.events.execute(() -> runNext(s));
        switch (action.type()) {
            case "answer" -> proceed.run(); // an outgoing call is answered by the far end already
            case "talk" -> {
                short[] speech = tts.render(option.path("text").asText(), option.path("language").asText("en-US"),
                        option.path("voice_id").asText(""));
                s.playback = player.play(s.rtp, speech, s.payloadType, proceed);
            }
            case "sleep" -> s.sleepTimer = timers.schedule(proceed, option.path("duration").asLong(0),
                    TimeUnit.MILLISECONDS);
            case "hangup" -> {
                String reason = option.path("reason").asText("");
                localHangup(s, reason.isEmpty() ? HangupRules.NORMAL : reason);
            }
            case "play" -> {
                List<short[]> parts = new ArrayList<>();
                JsonNode urls = option.path("stream_urls");
                for (int i = 0; i < urls.size(); i++) {
                    parts.add(fetcher.fetch(urls.get(i).asText(), i));
                }
                int total = parts.stream().mapToInt(p -> p.length).sum();
                short[] audio = new short[total];
                int at = 0;
                for (short[] part : parts) {
                    System.arraycopy(part, 0, audio, at, part.length);
                    at += part.length;
                }
                s.playback = player.play(s.rtp, audio, s.payloadType, proceed);
            }
            default -> proceed.run();
        }
    }

    private void sendCancel(CallSession s) {
        try {
            sip.cancel(s.invite.transaction());
            s.cancelSent = true;
        } catch (Exception e) {
            LOG.debugf("CANCEL for call %s not sent: %s", s.callId, e.getMessage());
        }
    }

    private void sendBye(CallSession s) {
        try {
            sip.bye(s.dialog, HangupRules.q850Cause(s.endReason == null ? HangupRules.NORMAL : s.endReason));
        } catch (Exception e) {
            LOG.warnf("BYE for call %s not sent: %s", s.callId, e.getMessage());
            finish(s, s.endReason == null ? HangupRules.NORMAL : s.endReason, HangupRules.BY_LOCAL, null, null,
                    "The BYE could not be sent: " + e.getMessage());
        }
    }

    private void recordResponse(CallSession s, int code, String reason) {
        Map<String, Object> columns = new HashMap<>();
        columns.put("sip_status_code", code);
        columns.put("sip_reason", reason == null ? "" : reason);
        jdbc.read(c -> calls.updateLive(c, s.callId, columns, Times.now())).ifPresent(updated -> s.call = updated);
    }

    private void finish(CallSession s, String reason, String by, Integer code, String sipReason, String cause) {
        if (s.finished) {
            return;
        }
        s.finished = true;
        s.cancelTimers();
        s.stopMedia();
        if (cause == null || cause.isEmpty()) {
            cause = s.endCause;
        }
        if (!Ids.NIL.equals(s.call.activeflowId())) {
            UUID activeflow = s.call.activeflowId();
            pool.execute(() -> flows.stop(activeflow));
        }
        Map<String, Object> columns = new HashMap<>();
        columns.put("hangup_reason", reason);
        columns.put("hangup_by", by);
        columns.put("hangup_cause", cause == null ? "" : cause);
        columns.put("tm_hangup", Times.now());
        if (code != null) {
            columns.put("sip_status_code", code);
            columns.put("sip_reason", sipReason == null ? "" : sipReason);
        }
        if (s.rtp != null) {
            if (CallMetadata.fromMap(s.call.metadata()).rtpDebugOn()) {
                columns.put("rtp_stats", Json.tree(s.rtp.stats()));
            }
            rtp.close(s.rtp);
        }
        persist(s, CallStatus.HANGUP, columns, "call_hangup");
        byCall.remove(s.callId);
        notifyEnded(s.call);
        String sipCallId = s.invite == null ? null : s.invite.sipCallId();
        if (sipCallId != null) {
            timers.schedule(() -> {
                bySipCallId.remove(sipCallId);
                trace.untrack(sipCallId);
            }, TRACE_GRACE_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void notifyEnded(Call call) {
        if (!Ids.NIL.equals(call.groupcallId())) {
            legs.ended(call);
        }
    }

    private void persist(CallSession s, CallStatus next, Map<String, Object> columns, String event) {
        persist(s.callId, next, columns, event).ifPresent(updated -> s.call = updated);
    }

    /** Persists a transition and its event together. A transition the table forbids changes nothing. */
    private Optional<Call> persist(UUID callId, CallStatus next, Map<String, Object> columns, String event) {
        Instant now = Times.now();
        return outbox.record(event, c -> calls.transition(c, callId, next, columns, now));
    }

    /** A reason to give up on a call before any SIP was sent. */
    static final class DialFailure extends Exception {
        DialFailure(String message) {
            super(message, null, false, false);
        }
    }
}
