package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.engine.CallConfig;
import io.provtest.call.engine.EngineExecutors;
import io.provtest.common.api.route.CallAllowance;
import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import io.provtest.testing.Await;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The balance watch on the engine's real threads, with billing's answers scripted: a call is ended at the deadline of
 * the latest answer, never by a stale or failed one, and never after it ended.
 */
class BalanceWatchTest {

    private static final Duration RETRY = Duration.ofMillis(100);
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private final EngineExecutors executors = new EngineExecutors(oneThreadEach());
    private final Map<UUID, Queue<Function<Call, CallAllowance>>> script = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> asked = new ConcurrentHashMap<>();
    private final Set<UUID> forgotten = ConcurrentHashMap.newKeySet();
    private final List<CallSession> live = new CopyOnWriteArrayList<>();
    private final Set<CallSession> answered = ConcurrentHashMap.newKeySet();
    private final Map<UUID, String> endedBy = new ConcurrentHashMap<>();
    private final Map<UUID, Long> endedAt = new ConcurrentHashMap<>();

    /** Billing as scripted per call: each question takes the next answer (the last one repeats). */
    private final CallAllowances billing = new CallAllowances(null, null) {
        @Override
        public CallAllowance ask(Call call) {
            asked.merge(call.id(), 1, Integer::sum);
            Queue<Function<Call, CallAllowance>> answers = script.get(call.id());
            Function<Call, CallAllowance> next = answers.size() > 1 ? answers.poll() : answers.peek();
            return next.apply(call);
        }

        @Override
        public void ended(UUID callId) {
            forgotten.add(callId);
        }
    };

    private final BalanceWatch watch = new BalanceWatch(billing, executors, Duration.ZERO, RETRY,
            new BalanceWatch.Calls() {
                @Override
                public boolean answeredHere(CallSession s) {
                    return answered.contains(s);
                }

                @Override
                public Collection<CallSession> live() {
                    return List.copyOf(live);
                }

                @Override
                public void outOfBalance(CallSession s, String cause) {
                    answered.remove(s);
                    endedAt.put(s.callId, System.nanoTime());
                    endedBy.put(s.callId, cause);
                }
            });

    @Test
    void anAnsweredCallIsEndedWhenTheSecondsItsBalanceCoversAreUpWithTheCause() throws Exception {
        CallSession call = session(UUID.randomUUID(), priced(1));
        long start = System.nanoTime();
        answer(call);

        Await.until(WITHIN, "the call ended by its balance", () -> endedBy.containsKey(call.callId));
        long after = TimeUnit.NANOSECONDS.toMillis(endedAt.get(call.callId) - start);
        assertTrue(after >= 900, "ended after " + after + " ms, not before its covered second");
        assertTrue(endedBy.get(call.callId).contains("INSUFFICIENT_BALANCE"), endedBy.get(call.callId));
    }

    @Test
    void aFreeCallGetsNoDeadline() throws Exception {
        CallSession call = session(UUID.randomUUID(), free());
        answer(call);

        Await.until(WITHIN, "the answer applied", () -> onLane(call, () -> call.balanceApplied == 1));
        assertNull(call.balanceTimer, "no balance timer for a call its balance cannot cut");
        assertTrue(endedBy.isEmpty());
    }

    @Test
    void aLateAnswerToAnOlderQuestionDoesNotReplaceTheNewerOne() throws Exception {
        UUID customer = UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch staleAnswered = new CountDownLatch(1);
        CallSession call = session(customer, c -> {
            await(release);
            staleAnswered.countDown();
            return priced(0).apply(c);
        }, free());
        answer(call);
        Await.until(WITHIN, "the first question asked", () -> asked.getOrDefault(call.callId, 0) == 1);

        watch.balanceChanged(customer);
        Await.until(WITHIN, "the newer answer applied", () -> onLane(call, () -> call.balanceApplied == 2));
        release.countDown();
        // the stale answer (no balance left: it would end the call at once) reaches the lane and is ignored
        assertTrue(staleAnswered.await(10, TimeUnit.SECONDS));
        Thread.sleep(300);
        assertTrue(onLane(call, () -> call.balanceApplied == 2 && call.balanceTimer == null));
        assertTrue(endedBy.isEmpty(), "the older question's answer ended the call: " + endedBy);
    }

    @Test
    void aQuestionBillingFailsIsAskedAgainWhileTheDeadlineInForceStands() throws Exception {
        UUID customer = UUID.randomUUID();
        CallSession call = session(customer, priced(2), c -> {
            throw new IllegalStateException("billing is down");
        });
        long start = System.nanoTime();
        answer(call);
        Await.until(WITHIN, "the first answer applied", () -> onLane(call, () -> call.balanceApplied == 1));

        watch.balanceChanged(customer);
        Await.until(WITHIN, "the call ended by the first answer's deadline", () -> endedBy.containsKey(call.callId));
        long after = TimeUnit.NANOSECONDS.toMillis(endedAt.get(call.callId) - start);
        assertTrue(after >= 1900, "ended after " + after + " ms, before the deadline in force");
        assertTrue(asked.get(call.callId) >= 4, "the failed question was asked again every " + RETRY.toMillis()
                + " ms: " + asked.get(call.callId) + " questions in all");
    }

    @Test
    void aPricedAnswerHasTheCustomersOtherAnsweredCallsJudgedAgainAndNoOneElse() throws Exception {
        UUID customer = UUID.randomUUID();
        CallSession earlier = session(customer, priced(60));
        CallSession ringing = session(customer, priced(60));
        CallSession otherCustomer = session(UUID.randomUUID(), priced(60));
        answer(earlier);
        answer(otherCustomer);
        Await.until(WITHIN, "both answers applied", () -> onLane(earlier, () -> earlier.balanceApplied == 1)
                && onLane(otherCustomer, () -> otherCustomer.balanceApplied == 1));
        // the earlier answer judged the customer's other answered calls: none was answered then
        assertEquals(1, asked.get(earlier.callId));

        CallSession latest = session(customer, priced(60));
        answer(latest);
        Await.until(WITHIN, "the earlier call judged again",
                () -> onLane(earlier, () -> earlier.balanceApplied == 2));
        assertEquals(1, asked.get(otherCustomer.callId), "another customer's call is not judged again");
        assertNull(asked.get(ringing.callId), "a call not yet answered is not judged");
        assertEquals(1, asked.get(latest.callId));
    }

    @Test
    void anEndedCallIsNotEndedAgainByItsBalanceAndStopsSharingIt() throws Exception {
        CallSession call = session(UUID.randomUUID(), priced(1));
        answer(call);
        Await.until(WITHIN, "the answer applied", () -> onLane(call, () -> call.balanceApplied == 1));

        answered.remove(call);
        live.remove(call);
        call.lane.execute(() -> watch.ended(call));
        Await.until(WITHIN, "its end seen", () -> forgotten.contains(call.callId));
        assertNull(call.balanceTimer);
        Thread.sleep(1300);
        assertTrue(endedBy.isEmpty(), "its balance timer fired after the end");
    }

    // ---- fixtures ----

    @SafeVarargs
    private CallSession session(UUID customer, Function<Call, CallAllowance>... answers) {
        Instant now = Instant.now();
        // answered now: the deadline counts from tm_progressing
        Call call = new Call(UUID.randomUUID(), customer, Ids.NIL, Ids.NIL, Call.TYPE_FLOW, Ids.NIL, Ids.NIL, null,
                new Address("tel", "+821012345678", "", "", ""), CallStatus.PROGRESSING, Map.of(), null, Call.OUTGOING,
                "", "", "", Ids.NIL, Ids.NIL, "", null, "", null, null, null, now, null, now, null, null,
                "auto", List.of(), "cm-1");
        script.put(call.id(), new ConcurrentLinkedQueue<>(List.of(answers)));
        CallSession s = new CallSession(call, executors.newCallLane("req-test", failure -> {
            throw new AssertionError("a step failed", failure);
        }));
        live.add(s);
        return s;
    }

    /** Answered now, as the lifecycle does: on the call's lane. */
    private void answer(CallSession s) {
        s.lane.execute(() -> {
            answered.add(s);
            watch.answered(s);
        });
    }

    private static Function<Call, CallAllowance> priced(long maxSeconds) {
        return c -> new CallAllowance(maxSeconds, new BigDecimal("0.05"), "USD", "+82", new BigDecimal("3"), 1,
                BigDecimal.ZERO);
    }

    private static Function<Call, CallAllowance> free() {
        return c -> new CallAllowance(null, BigDecimal.ZERO, "USD", null, null, 60, BigDecimal.ZERO);
    }

    /** Reads the session on its lane (its fields are only touched there). */
    private static boolean onLane(CallSession s, BooleanSupplier read) throws Exception {
        CompletableFuture<Boolean> seen = new CompletableFuture<>();
        s.lane.execute(() -> seen.complete(read.getAsBoolean()));
        return seen.get(5, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The engine's two pool sizes; nothing else of the call settings is read by the executors. */
    private static CallConfig oneThreadEach() {
        return (CallConfig) Proxy.newProxyInstance(CallConfig.class.getClassLoader(), new Class<?>[] {CallConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "engineThreads", "mediaThreads" -> 1;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
