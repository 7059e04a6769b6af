package io.provtest.call.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.dial.HangupRules;
import io.provtest.call.engine.EngineExecutors;
import io.provtest.call.media.PlayFetcher;
import io.provtest.call.media.RtpPlayer;
import io.provtest.call.media.TextToSpeech;
import io.provtest.call.media.TtsFailure;
import io.provtest.common.api.flow.FlowManagerApi;
import io.provtest.common.api.flow.NextAction;
import io.provtest.common.api.flow.NextActionRequest;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.model.Action;
import io.provtest.common.request.Ids;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs an answered call's flow: asks flow-manager for the next action, runs it (text-to-speech, playback, sleep,
 * hangup), and asks again when it completes. Knows nothing of SIP or persistence: it reports to the call's
 * {@link FlowControl}. Every step runs on the call's lane.
 */
@Singleton
public class FlowRunner {

    private static final Logger LOG = Logger.getLogger(FlowRunner.class);

    private final FlowManagerApi flows;
    private final TextToSpeech tts;
    private final RtpPlayer player;
    private final EngineExecutors executors;
    private final PlayFetcher fetcher;
    private final FlowBudgetConfig budget;

    public FlowRunner(FlowManagerApi flows, TextToSpeech tts, RtpPlayer player, EngineExecutors executors,
                      PlayFetcher fetcher, FlowBudgetConfig budget) {
        this.budget = budget;
        this.fetcher = fetcher;
        this.flows = flows;
        this.tts = tts;
        this.player = player;
        this.executors = executors;
    }

    /**
     * Starts an answered call's flow with {@code first}, the first action of the activeflow's own copy of the flow
     * (what flow-manager's {@code next} from no action would hand out), without asking for it: the action starts
     * one round trip sooner, and a provider call makes a request, a transaction and an event fewer. The activeflow's
     * cursor is moved by the next step, past this action. Null: asks flow-manager, as for every later step. Run as
     * a task of its own on the call's lane, as an answer from flow-manager would be, not inside the caller's step.
     */
    public void start(FlowState f, Action first) {
        if (first == null) {
            next(f);
            return;
        }
        // a first action comes only with an activeflow that was started, so there is one to step later
        f.lane.execute(() -> {
            if (f.control.running(f.callId)) {
                proceed(f, new NextAction(first, false, false));
            }
        });
    }

    /**
     * The next action, or the end of the call when the flow has run out. A call without a flow just stays up.
     * flow-manager is asked off the call's lane (EngineExecutors#ask); the answer is taken on the lane, where the call
     * may have ended meanwhile. A question that got no answer because of the transport is asked again a few times
     * after growing pauses ({@link NextActionRetry}), on a timer, holding no thread meanwhile.
     */
    public void next(FlowState f) {
        if (Ids.NIL.equals(f.activeflowId) || !f.control.running(f.callId)) {
            return;
        }
        executors.ask(() -> flows.next(f.activeflowId, new NextActionRequest(f.currentActionId)), f.lane,
                next -> {
                    f.nextRetries = 0;
                    if (f.control.running(f.callId)) {
                        proceed(f, next);
                    }
                },
                failure -> {
                    if (!f.control.running(f.callId)) {
                        return;
                    }
                    Duration pause = NextActionRetry.pauseBefore(failure, f.nextRetries, budget.nextActionRetries(),
                            budget.nextActionRetryPause());
                    if (pause != null) {
                        f.nextRetries++;
                        LOG.infof("call %s: no answer from flow-manager (%s); asking again in %d ms (retry %d of %d)",
                                f.callId, failure.getMessage(), pause.toMillis(), f.nextRetries,
                                budget.nextActionRetries());
                        f.retryTimer = executors.after(pause, f.lane, () -> next(f));
                        return;
                    }
                    if (failure instanceof ServiceException e) {
                        f.control.failed(f.callId, "The flow could not continue: " + e.error().message());
                    } else {
                        // not a typed answer (a bug, an Error): ended with a cause for operators, as any Throwable
                        LOG.errorf(failure, "call %s: asking flow-manager for the next action failed", f.callId);
                        f.control.failed(f.callId, "The flow could not continue: an internal error in call-manager "
                                + "(logged with the call id).");
                    }
                });
    }

    private void proceed(FlowState f, NextAction next) {
        f.activeflowEnded = next.ended();
        if (next.finished()) {
            f.control.endCall(f.callId, HangupRules.NORMAL);
            return;
        }
        if (f.budget == null) {
            f.budget = new StepBudget(budget.maxSteps(), budget.maxStepsWithoutMedia());
        }
        if (!f.budget.step()) {
            LOG.warnf("call %s: %s", f.callId, f.budget.cause());
            f.control.failed(f.callId, f.budget.cause());
            return;
        }
        Action action = next.action();
        f.currentActionId = action.id();
        f.control.actionStarted(f.callId, Json.tree(action));
        try {
            execute(f, action);
        } catch (RuntimeException e) {
            actionFailed(f, action, e);
        }
    }

    /** Stops whatever the flow is doing (playback, sleep): the call is ending. */
    public void stop(FlowState f) {
        if (f.playback != null) {
            f.playback.stop();
        }
        if (f.sleepTimer != null) {
            f.sleepTimer.cancel(false);
        }
        if (f.retryTimer != null) {
            f.retryTimer.cancel(false);
        }
    }

    /**
     * Tells flow-manager the call's activeflow is over, off the call's lane (it is only bookkeeping); not when its
     * last answer ended it already ({@code flow}: the call's flow, null when it never started).
     */
    public void release(java.util.UUID activeflowId, FlowState flow) {
        if (!Ids.NIL.equals(activeflowId) && (flow == null || !flow.activeflowEnded)) {
            executors.background(() -> flows.stopQuietly(activeflowId));
        }
    }

    private void execute(FlowState f, Action action) {
        JsonNode option = action.option() == null ? Json.MAPPER.createObjectNode() : action.option();
        Runnable proceed = () -> f.lane.execute(() -> next(f));
        switch (action.type()) {
            case "answer" -> proceed.run(); // an outgoing call is answered by the far end already
            case "talk" -> playOffLane(f, action, () -> tts.render(option.path("text").asText(),
                    option.path("language").asText("en-US"), option.path("voice_id").asText("")), proceed);
            case "sleep" -> f.sleepTimer = executors.after(Duration.ofMillis(option.path("duration").asLong(0)),
                    f.lane, () -> {
                        f.budget.waited();
                        next(f);
                    });
            case "hangup" -> {
                String reason = option.path("reason").asText("");
                f.control.endCall(f.callId, reason.isEmpty() ? HangupRules.NORMAL : reason);
            }
            case "play" -> playOffLane(f, action, () -> fetchAll(option.path("stream_urls")), proceed);
            default -> proceed.run();
        }
    }

    /**
     * Audio that takes time to get (synthesis, a download) is made on the media threads, never on the call's lane,
     * whose thread other calls' signalling shares; it is played once back on the lane, if the call is still up.
     */
    private void playOffLane(FlowState f, Action action, java.util.concurrent.Callable<short[]> audio,
                             Runnable proceed) {
        executors.offLane(audio, f.lane, samples -> {
            if (f.control.running(f.callId)) {
                if (samples.length > 0) {
                    f.budget.waited(); // an empty WAV played in a loop is as instant as an answer action
                }
                f.playback = player.play(f.media, samples, f.payloadType, proceed,
                        failure -> f.lane.execute(() -> actionFailed(f, action, failure)));
            }
        }, e -> actionFailed(f, action, e));
    }

    private void actionFailed(FlowState f, Action action, Throwable e) {
        if (e instanceof PlayFetcher.PlayFailure || e instanceof TtsFailure) {
            LOG.warnf("action %s of call %s failed: %s", action.type(), f.callId, e.getMessage());
        } else {
            LOG.errorf(e, "action %s of call %s failed", action.type(), f.callId);
        }
        f.control.failed(f.callId, actionCause(action.type(), e));
    }

    /**
     * The hangup cause of a failed action, for the operator: the fetcher's and the speech engine's own words, which
     * are written for them; anything else is our fault, and a Java message would only confuse (it is in the log).
     */
    static String actionCause(String type, Throwable e) {
        if (e instanceof PlayFetcher.PlayFailure || e instanceof TtsFailure) {
            return "The " + type + " action failed: " + e.getMessage();
        }
        return "The " + type + " action failed: an internal error in call-manager (logged with the call id).";
    }

    private short[] fetchAll(JsonNode urls) {
        List<short[]> parts = new ArrayList<>();
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
        return audio;
    }
}
