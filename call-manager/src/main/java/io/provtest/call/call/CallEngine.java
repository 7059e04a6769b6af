package io.provtest.call.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.media.RtpEngine;
import io.provtest.call.media.RtpPlayer;
import io.provtest.call.media.TextToSpeech;
import io.provtest.call.media.Wav;
import io.provtest.call.outbox.Outbox;
import io.provtest.call.sip.Sdp;
import io.provtest.call.sip.SipConfig;
import io.provtest.call.sip.SipEndpoint;
import io.provtest.call.sip.SipEventHandler;
import io.provtest.call.sip.SipTraceRecorder;
import io.provtest.common.db.Db;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.model.Action;
import io.provtest.common.model.Address;
import io.provtest.common.model.Provider;
import io.provtest.common.request.Ids;
import io.provtest.common.request.RequestIds;
import io.provtest.common.rpc.RpcContext;
import io.provtest.common.sip.InvitePlan;
import io.provtest.common.sip.InvitePlanner;
import io.provtest.common.sip.SipTrunk;
import io.provtest.common.time.Times;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sip.Dialog;
import javax.sip.message.Response;
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
    private final CallTransitions transitions;
    private final Outbox outbox;
    private final RouteManagerClient routes;
    private final CallConfig config;
    private final FlowManagerClient flows;
    private final TextToSpeech tts;
    private final RtpPlayer player;
    private final LegObserver legs;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Map<UUID, CallSession> byCall = new ConcurrentHashMap<>();
    private final Map<String, CallSession> bySipCallId = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final ScheduledExecutorService timers;

    public CallEngine(SipEndpoint sip, SipConfig sipConfig, RtpEngine rtp, SipTraceRecorder trace, CallRepository calls,
                      CallTransitions transitions, Outbox outbox, RouteManagerClient routes, CallConfig config,
                      FlowManagerClient flows, TextToSpeech tts, RtpPlayer player, LegObserver legs) {
        this.legs = legs;
        this.flows = flows;
        this.tts = tts;
        this.player = player;
        this.sip = sip;
        this.sipConfig = sipConfig;
        this.rtp = rtp;
        this.trace = trace;
        this.calls = calls;
        this.transitions = transitions;
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
        List<Call> orphans = Db.read(() -> calls.unfinishedOwnedBy(config.instanceId()));
        // the requests that created them are gone: their hangup events carry this start-up's own request id
        try (RpcContext.Scope ignored = RpcContext.open(RequestIds.generate(), null)) {
            for (Call orphan : orphans) {
                CallTransitions.Hangup hangup = new CallTransitions.Hangup(HangupRules.FAILED, HangupRules.BY_LOCAL,
                        "call-manager restarted while the call was live; its SIP dialog was lost.", Times.now(), null,
                        null, null);
                Call ended = persist(() -> transitions.markHangup(orphan.id(), hangup), "call_hangup");
                if (ended != null) {
                    notifyEnded(ended);
                }
            }
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
        // the call's events (SIP, timers, media) run under the request id of the request that created it
        String requestId = RpcContext.currentRequestId();
        CallSession session = new CallSession(call, new SerialExecutor(
                underRequestId(pool, requestId != null ? requestId : RequestIds.generate())));
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
                trunk = new SipTrunk(directHost(call.destination()), "", "", Map.of());
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
            String sipCallId = s.invite.sipCallId();
            Supplier<Uni<Call>> update = () -> transitions.attemptStarted(s.callId, sipCallId,
                    route == null ? null : route.id(), route == null ? null : route.providerId(), Times.now());
            boolean failedOver = s.routeIndex > 0;
            keep(s, failedOver ? outbox.record("call_updated", update) : Db.transaction(update));
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

    /** A sip destination dialed without a provider goes to its own host. */
    private static String directHost(Address destination) {
        String target = destination.target().startsWith("sip:") ? destination.target().substring(4) : destination.target();
        int at = target.indexOf('@');
        if (at < 0 || at == target.length() - 1) {
            throw ServiceException.invalid("INVALID_DESTINATION", "A sip destination needs user@host.");
        }
        return target.substring(at + 1);
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
                Instant at = Times.now();
                persist(s, () -> transitions.markRinging(s.callId, at), "call_ringing");
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
            Instant at = Times.now();
            persist(s, () -> transitions.markProgressing(s.callId, at, response.getStatusCode(),
                    response.getReasonPhrase()), "call_progressing");
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
                UUID flowId = verdict.flowId();
                keep(s, Db.transaction(() -> transitions.flowStarted(s.callId, flowId, activeflowId, Times.now())));
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
                        "No SIP response to the INVITE from " + s.invite.transaction().getRequest().getRequestURI());
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
            Instant at = Times.now();
            persist(s, () -> transitions.markCanceling(s.callId, at), "call_canceling");
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
        Instant at = Times.now();
        persist(s, () -> transitions.markTerminating(s.callId, at), "call_terminating");
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
        JsonNode started = next.get("action");
        keep(s, Db.transaction(() -> transitions.actionStarted(s.callId, started, Times.now())));
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
                for (JsonNode url : option.path("stream_urls")) {
                    parts.add(Wav.to8kMono(fetch(url.asText())));
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

    /** A WAV for a play action: at most 10 MB, 10 s. */
    private byte[] fetch(String url) {
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered HTTP " + response.statusCode());
            }
            try (var body = response.body()) {
                byte[] data = body.readNBytes(10 * 1024 * 1024 + 1);
                if (data.length > 10 * 1024 * 1024) {
                    throw new IllegalStateException(url + " is larger than 10 MB");
                }
                return data;
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not fetch " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + url, e);
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
        keep(s, Db.transaction(() -> transitions.finalResponse(s.callId, code, reason, Times.now())));
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
        JsonNode rtpStats = null;
        if (s.rtp != null) {
            if (CallMetadata.fromMap(s.call.metadata()).rtpDebugOn()) {
                rtpStats = Json.tree(s.rtp.stats());
            }
            rtp.close(s.rtp);
        }
        CallTransitions.Hangup hangup = new CallTransitions.Hangup(reason, by, cause, Times.now(), code, sipReason,
                rtpStats);
        persist(s, () -> transitions.markHangup(s.callId, hangup), "call_hangup");
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

    private void persist(CallSession s, Supplier<Uni<Call>> transition, String event) {
        keep(s, persist(transition, event));
    }

    /** Persists a transition and its event together. A transition the table forbids changes nothing (null). */
    private Call persist(Supplier<Uni<Call>> transition, String event) {
        return outbox.record(event, transition);
    }

    /** The session follows the stored row when a change applied. */
    private static void keep(CallSession s, Call updated) {
        if (updated != null) {
            s.call = updated;
        }
    }

    /** Runs each task with {@code requestId} bound (logs, and the outbox rows and events of its changes). */
    private static Executor underRequestId(Executor pool, String requestId) {
        return task -> pool.execute(() -> {
            try (RpcContext.Scope ignored = RpcContext.open(requestId, null)) {
                task.run();
            }
        });
    }

    /** A reason to give up on a call before any SIP was sent. */
    static final class DialFailure extends Exception {
        DialFailure(String message) {
            super(message, null, false, false);
        }
    }
}
