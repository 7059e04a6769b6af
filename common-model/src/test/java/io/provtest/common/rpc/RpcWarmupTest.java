package io.provtest.common.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RpcWarmupTest {

    private static final WarmupRequest PROVIDER = WarmupRequest.get(id -> "/v1/providers/" + id, "PROVIDER_NOT_FOUND");
    private static final WarmupRequest CREATE = WarmupRequest.post(id -> "/v1/providercalls", id -> "body-" + id,
            "INVALID_ARGUMENT");

    /** What a request was sent as. */
    record Sent(String service, String method, String uri, Object data) {
    }

    /** A client whose answers the test decides, per request; it records what was sent. */
    static final class Answering implements RpcClient {
        final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        final Function<Sent, CompletableFuture<RpcResponse>> answer;

        Answering(Function<Sent, CompletableFuture<RpcResponse>> answer) {
            this.answer = answer;
        }

        @Override
        public CompletableFuture<RpcResponse> send(String service, String method, String uri, Object data,
                                                   Duration timeout) {
            Sent s = new Sent(service, method, uri, data);
            sent.add(s);
            return answer.apply(s);
        }

        @Override
        public RpcResponse call(String service, String method, String uri, Object data, Duration timeout) {
            throw new UnsupportedOperationException();
        }
    }

    private static CompletableFuture<RpcResponse> refused(String reason, ErrorStatus status) {
        return CompletableFuture.completedFuture(RpcResponse.failure(ApiError.of(status, reason, "no")));
    }

    /** The refusal each of the two requests expects. */
    private static CompletableFuture<RpcResponse> asExpected(Sent s) {
        return s.method().equals("GET") ? refused("PROVIDER_NOT_FOUND", ErrorStatus.NOT_FOUND)
                : refused("INVALID_ARGUMENT", ErrorStatus.INVALID_ARGUMENT);
    }

    @Test
    void sendsTheCountRoundTheRoutesToTheLoopWithAFreshIdEachAndCountsTheRefusals() throws Exception {
        Answering client = new Answering(RpcWarmupTest::asExpected);

        RpcWarmup.Outcome outcome = new RpcWarmup(client, "route-manager.warmup-1", List.of(PROVIDER, CREATE))
                .run(101, Duration.ofSeconds(10));

        assertTrue(outcome.complete(), outcome.toString());
        assertEquals(101, outcome.asked());
        assertEquals(101, outcome.sent());
        assertEquals(101, outcome.refusedAsExpected());
        assertEquals(101, client.sent.size());
        assertTrue(client.sent.stream().allMatch(s -> s.service().equals("route-manager.warmup-1")),
                "only to the service's own warm-up queue");
        assertEquals(51, client.sent.stream().filter(s -> s.method().equals("GET")).count(), "round the list");
        assertEquals(101, new HashSet<>(client.sent.stream()
                .map(s -> s.method().equals("GET") ? s.uri() : s.data()).toList()).size(), "a fresh id each time");
    }

    @Test
    void anAnswerOtherThanTheExpectedRefusalStopsTheWarmUpAtOnce() throws Exception {
        // the fifth request is answered with a success: whatever it did, nothing more is sent
        AtomicInteger n = new AtomicInteger();
        Answering client = new Answering(s -> n.incrementAndGet() == 5
                ? CompletableFuture.completedFuture(RpcResponse.ok("{}")) : asExpected(s));

        RpcWarmup.Outcome outcome = new RpcWarmup(client, "loop", List.of(PROVIDER)).run(1000, Duration.ofSeconds(10));

        assertFalse(outcome.complete());
        assertEquals(5, outcome.sent(), "stopped right after the unexpected answer: " + outcome);
        assertEquals(4, outcome.refusedAsExpected());
        assertTrue(outcome.unexpected().startsWith("GET /v1/providers/00000000-0000-0000-0000-000000000000: 200"),
                outcome.unexpected());
    }

    @Test
    void anUnansweredWarmUpEndsAtItsTimeoutWithNoMoreThanTheInFlightSent() throws Exception {
        Answering client = new Answering(s -> new CompletableFuture<>());
        long start = System.nanoTime();

        RpcWarmup.Outcome outcome = new RpcWarmup(client, "loop", List.of(PROVIDER)).run(1000, Duration.ofMillis(300));

        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 290 && tookMs < 2000, "returned by its timeout: " + tookMs + " ms");
        assertEquals(RpcWarmup.IN_FLIGHT, outcome.sent());
        assertEquals(0, outcome.refusedAsExpected());
        assertNull(outcome.unexpected(), "out of time is not an unexpected answer");
        assertFalse(outcome.complete());
    }

    @Test
    void aServiceWithoutWarmUpRequestsSendsNothing() throws Exception {
        Answering client = new Answering(RpcWarmupTest::asExpected);

        RpcWarmup.Outcome outcome = new RpcWarmup(client, "loop", List.of()).run(2000, Duration.ofSeconds(1));

        assertEquals(0, outcome.asked());
        assertTrue(client.sent.isEmpty());
        assertTrue(outcome.complete(), "nothing asked, nothing missing");
    }

    @Test
    void onlyTheExpectedReasonCountsAsHarmless() {
        assertNull(RpcWarmup.problem(PROVIDER, RpcResponse.failure(ApiError.of(ErrorStatus.NOT_FOUND,
                "PROVIDER_NOT_FOUND", "no")), null));
        assertEquals("GET /v1/providers/00000000-0000-0000-0000-000000000000: 404 CALL_NOT_FOUND",
                RpcWarmup.problem(PROVIDER, RpcResponse.failure(ApiError.of(ErrorStatus.NOT_FOUND, "CALL_NOT_FOUND",
                        "no")), null));
        assertEquals("GET /v1/providers/00000000-0000-0000-0000-000000000000: 200 (no error)",
                RpcWarmup.problem(PROVIDER, RpcResponse.ok("{}"), null));
        assertNotEquals(null, RpcWarmup.problem(PROVIDER, null, ServiceException.internal("down")));
    }
}
