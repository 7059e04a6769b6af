package io.provtest.call.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.engine.EngineExecutors;
import io.provtest.common.api.flow.FlowManagerApi;
import io.provtest.common.api.flow.NextAction;
import io.provtest.common.api.flow.NextActionRequest;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Action;
import io.provtest.common.rpc.RpcTransportException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner with the real engine executors and a flow-manager that fails as the broker restart of the fault run
 * made it fail: a question that got no answer is asked again and the flow goes on; an error flow-manager answered
 * ends the call at once; a broker away for longer than the retries still ends the call with its cause. And the
 * call's end stops its activeflow only when flow-manager's last answer had not ended it already.
 */
class FlowRunnerRetryTest {

    private final ExecutorService lane = Executors.newSingleThreadExecutor();
    private final List<String> outcome = new CopyOnWriteArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Deque<Supplier<NextAction>> answers = new ArrayDeque<>();
    private final List<UUID> stopped = new CopyOnWriteArrayList<>();
    /** The current_action_id of each next-action question, in order. */
    private final List<UUID> askedFrom = new CopyOnWriteArrayList<>();
    private int asked;
    private FlowRunner runner;
    private FlowState state;

    @AfterEach
    void stop() {
        lane.shutdownNow();
    }

    @Test
    void aQuestionThatGotNoAnswerIsAskedAgainAndTheFlowGoesOn() throws Exception {
        answers.add(() -> {
            throw transport(RpcTransportException.Kind.NOT_SENT);
        });
        answers.add(() -> {
            throw transport(RpcTransportException.Kind.ANSWER_LOST);
        });
        answers.add(() -> {
            throw transport(RpcTransportException.Kind.TIMED_OUT);
        });
        answers.add(() -> new NextAction(new Action(UUID.randomUUID(), null, "hangup", null), false, true));

        run(3);

        assertEquals(List.of("started hangup", "ended normal"), outcome);
        assertEquals(4, asked);
    }

    /** flow-manager's database restarting (the PostgreSQL fault of bench/faults.sh): a hinted "not now" is asked again. */
    @Test
    void aNotNowFlowManagerAnsweredWithARetryHintIsAskedAgainAndTheFlowGoesOn() throws Exception {
        for (int i = 0; i < 2; i++) {
            answers.add(() -> {
                throw new ServiceException(ApiError.retryLater(ErrorStatus.UNAVAILABLE, "DATABASE_UNAVAILABLE",
                        "The database is not reachable.", 5));
            });
        }
        answers.add(() -> new NextAction(new Action(UUID.randomUUID(), null, "hangup", null), false, true));

        run(3);

        assertEquals(List.of("started hangup", "ended normal"), outcome);
        assertEquals(3, asked);
    }

    /** A hangup flow-manager handed out with "ended" needs no stop; a flow the call left mid-way is stopped. */
    @Test
    void theCallsEndStopsOnlyAnActiveflowItsLastAnswerDidNotEnd() throws Exception {
        answers.add(() -> new NextAction(new Action(UUID.randomUUID(), null, "answer", null), false, false));
        answers.add(() -> new NextAction(new Action(UUID.randomUUID(), null, "hangup", null), false, true));
        run(0);
        assertEquals(List.of("started answer", "started hangup", "ended normal"), outcome);
        FlowState endedByItsAnswer = state;

        FlowState leftMidWay = new FlowState(UUID.randomUUID(), UUID.randomUUID(), null, 0, lane, new Control());
        runner.release(endedByItsAnswer.activeflowId(), endedByItsAnswer);
        runner.release(leftMidWay.activeflowId(), leftMidWay);
        runner.release(UUID.randomUUID(), null); // a call whose flow never started (never answered)
        long until = System.currentTimeMillis() + 5_000;
        while (stopped.size() < 2 && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        Thread.sleep(200); // a stop of the ended one would have been asked by now
        assertEquals(2, stopped.size(), "stopped: " + stopped);
        assertTrue(stopped.contains(leftMidWay.activeflowId()), "the flow left mid-way is stopped");
        assertFalse(stopped.contains(endedByItsAnswer.activeflowId()), "the one its hangup ended is not");
    }

    /** The activeflow's first action, known from its start, runs without a question; the next one is asked from it. */
    @Test
    void aFlowStartsWithTheFirstActionItWasGivenWithoutAskingForIt() throws Exception {
        Action first = new Action(UUID.randomUUID(), null, "answer", null);
        answers.add(() -> new NextAction(new Action(UUID.randomUUID(), null, "hangup", null), false, true));

        run(0, first);

        assertEquals(List.of("started answer", "started hangup", "ended normal"), outcome);
        assertEquals(1, asked, "only the action after the first was asked for");
        assertEquals(List.of(first.id()), askedFrom, "asked from the first action");
    }

    @Test
    void anErrorFlowManagerAnsweredEndsTheCallAtOnce() throws Exception {
        answers.add(() -> {
            throw ServiceException.notFound("ACTIVEFLOW_NOT_FOUND", "The activeflow was not found.");
        });

        run(3);

        assertEquals(List.of("failed The flow could not continue: The activeflow was not found."), outcome);
        assertEquals(1, asked);
    }

    @Test
    void aBrokerAwayLongerThanTheRetriesEndsTheCallWithTheCause() throws Exception {
        for (int i = 0; i < 3; i++) {
            answers.add(() -> {
                throw transport(RpcTransportException.Kind.NOT_SENT);
            });
        }

        run(2);

        assertEquals(List.of("failed The flow could not continue: The message broker is not reachable."), outcome);
        assertEquals(3, asked);
    }

    private void run(int retries) throws Exception {
        run(retries, null);
    }

    /** Runs a flow as an answered call does ({@code first}: the activeflow's first action, or null: asked). */
    private void run(int retries, Action first) throws Exception {
        FlowManagerApi flows = (FlowManagerApi) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {FlowManagerApi.class}, (proxy, method, args) -> {
                    if (method.getName().equals("stopQuietly")) {
                        stopped.add((UUID) args[0]);
                        return null;
                    }
                    if (!method.getName().equals("next")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    synchronized (this) {
                        asked++;
                        askedFrom.add(((NextActionRequest) args[1]).currentActionId());
                        return answers.poll().get();
                    }
                });
        FlowBudgetConfig budget = new FlowBudgetConfig() {
            @Override
            public int maxSteps() {
                return 100;
            }

            @Override
            public int maxStepsWithoutMedia() {
                return 50;
            }

            @Override
            public int nextActionRetries() {
                return retries;
            }

            @Override
            public Duration nextActionRetryPause() {
                return Duration.ofMillis(10);
            }
        };
        runner = new FlowRunner(flows, null, null, new EngineExecutors(oneThreadEach()), null, budget);
        state = new FlowState(UUID.randomUUID(), UUID.randomUUID(), null, 0, lane, new Control());
        lane.execute(() -> runner.start(state, first));
        assertTrue(ended.await(10, TimeUnit.SECONDS), "the call did not end: " + outcome);
    }

    private static RpcTransportException transport(RpcTransportException.Kind kind) {
        String message = kind == RpcTransportException.Kind.NOT_SENT ? "The message broker is not reachable."
                : "The answer did not come.";
        return new RpcTransportException(kind, "SERVICE_UNAVAILABLE", message);
    }

    /** The engine's two pool sizes; nothing else of the call settings is read by the executors. */
    private static CallConfig oneThreadEach() {
        return (CallConfig) Proxy.newProxyInstance(CallConfig.class.getClassLoader(), new Class<?>[] {CallConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "engineThreads", "mediaThreads" -> 1;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private final class Control implements FlowControl {

        @Override
        public boolean running(UUID callId) {
            return ended.getCount() > 0;
        }

        @Override
        public void actionStarted(UUID callId, JsonNode action) {
            outcome.add("started " + action.path("type").asText());
        }

        @Override
        public void endCall(UUID callId, String reason) {
            outcome.add("ended " + reason);
            ended.countDown();
        }

        @Override
        public void failed(UUID callId, String cause) {
            outcome.add("failed " + cause);
            ended.countDown();
        }
    }
}
