package io.provtest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRulesTest {

    @Test
    void busyAndResourceExhaustedAreRefusals() {
        assertTrue(BenchRules.isRefusal(ApiError.of(ErrorStatus.UNAVAILABLE, "SERVICE_BUSY", "busy")));
        assertTrue(BenchRules.isRefusal(ApiError.of(ErrorStatus.UNAVAILABLE, "CALL_ENGINE_BUSY", "busy")));
        assertTrue(BenchRules.isRefusal(ApiError.of(ErrorStatus.RESOURCE_EXHAUSTED, "RATE_LIMITED", "slow down")));
    }

    @Test
    void timeoutsAndOtherErrorsAreFailures() {
        assertFalse(BenchRules.isRefusal(ApiError.of(ErrorStatus.UNAVAILABLE, "REQUEST_TIMEOUT", "late")));
        assertFalse(BenchRules.isRefusal(ApiError.of(ErrorStatus.UNAVAILABLE, "SERVICE_UNAVAILABLE", "down")));
        assertFalse(BenchRules.isRefusal(ApiError.of(ErrorStatus.INTERNAL, "INTERNAL", "bug")));
        assertFalse(BenchRules.isRefusal(ApiError.of(ErrorStatus.INVALID_ARGUMENT, "INVALID_DESTINATION", "bad")));
        assertFalse(BenchRules.isRefusal(null));
    }

    @Test
    void refusalsOfOneKindCountTogetherWhateverTheirNumbers() {
        ApiError late = ApiError.retryLater(ErrorStatus.UNAVAILABLE, "SERVICE_BUSY", "No call was placed: call-manager's"
                + " engine is 312 ms behind (limit 250 ms). Retry after 1 s.", 1);
        ApiError later = ApiError.retryLater(ErrorStatus.UNAVAILABLE, "SERVICE_BUSY", "No call was placed: call-manager's"
                + " engine is 1280 ms behind (limit 250 ms). Retry after 2 s.", 2);
        assertEquals("SERVICE_BUSY (call-manager's engine is N ms behind (limit N ms))", BenchRules.refusalKind(late));
        assertEquals(BenchRules.refusalKind(late), BenchRules.refusalKind(later));
        assertEquals("SERVICE_BUSY (call-manager is at its limit of concurrent POST /v1/calls requests)",
                BenchRules.refusalKind(ApiError.retryLater(ErrorStatus.UNAVAILABLE, "SERVICE_BUSY", "call-manager is at"
                        + " its limit of concurrent POST /v1/calls requests; retry after 1 s.", 1)),
                "the RPC server's own refusal, its hint in lower case after a semicolon; no number inside a word");
        assertEquals("RATE_LIMITED (N calls/s over the limit)", BenchRules.refusalKind(
                ApiError.of(ErrorStatus.RESOURCE_EXHAUSTED, "RATE_LIMITED", "2.5 calls/s over the limit")));
    }

    @Test
    void percentileIsNearestRank() {
        List<Double> values = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
        assertEquals(1.0, BenchRules.percentile(values, 0));
        assertEquals(3.0, BenchRules.percentile(values, 50));
        assertEquals(5.0, BenchRules.percentile(values, 99));
        assertTrue(Double.isNaN(BenchRules.percentile(List.of(), 50)));
    }

    @Test
    void callsAreCountedTheGraceAfterTheLastByeWasDue() {
        assertEquals(10_500 + 1_000, BenchRules.liveCheckAt(1_000, 500, 10_000));
    }

    @Test
    void ratioOfNothingIsUndefined() {
        assertEquals(0.5, BenchRules.ratio(75, 150));
        assertTrue(Double.isNaN(BenchRules.ratio(75, 0)));
    }
}
