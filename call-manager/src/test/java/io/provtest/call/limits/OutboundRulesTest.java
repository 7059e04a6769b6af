package io.provtest.call.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.model.Address;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundRulesTest {

    private static final OutboundRules.Limits CUSTOMER = new OutboundRules.Limits(5, 10);
    private static final OutboundRules.Limits PLATFORM = new OutboundRules.Limits(100, 1000);

    private static OutboundRules.Usage usage(long cps, long platformCps, long live, long platformLive) {
        return new OutboundRules.Usage(cps, platformCps, live, platformLive);
    }

    private static Address tel(String n) {
        return new Address("tel", n, null, null, null);
    }

    private static Address sip(String t) {
        return new Address("sip", t, null, null, null);
    }

    @Test
    void aRequestFitsWhileTheSecondHasRoomAndTheLiveCallsLeaveSpace() {
        assertNull(OutboundRules.judge(usage(0, 0, 0, 0), CUSTOMER, PLATFORM, 1, 5));
        assertNull(OutboundRules.judge(usage(4, 4, 9, 9), CUSTOMER, PLATFORM, 1, 5));
    }

    @Test
    void theFifthCallOfASecondIsTheLastAtFivePerSecond() {
        OutboundRules.Refusal r = OutboundRules.judge(usage(5, 5, 0, 0), CUSTOMER, PLATFORM, 1, 5);
        assertNotNull(r);
        assertEquals("calls_per_second", r.limit());
        assertEquals(ErrorStatus.RESOURCE_EXHAUSTED, r.error().status());
        assertEquals("RATE_LIMIT_EXCEEDED", r.error().reason());
        assertEquals(1, r.error().retryAfterSeconds());
        assertEquals(429, r.error().httpStatus());
    }

    @Test
    void aGroupcallLargerThanTheRatePassesInAnEmptySecondButNotInAStartedOne() {
        assertNull(OutboundRules.judge(usage(0, 0, 0, 0), CUSTOMER, PLATFORM, 8, 5));
        assertNotNull(OutboundRules.judge(usage(5, 5, 0, 0), CUSTOMER, PLATFORM, 8, 5));
    }

    @Test
    void concurrentCallsAreAHardBoundCountingTheNewLegs() {
        assertNull(OutboundRules.judge(usage(0, 0, 7, 7), CUSTOMER, PLATFORM, 3, 5));
        OutboundRules.Refusal r = OutboundRules.judge(usage(0, 0, 8, 8), CUSTOMER, PLATFORM, 3, 5);
        assertEquals("max_concurrent_calls", r.limit());
        assertEquals(5, r.error().retryAfterSeconds());
        assertTrue(r.error().message().contains("10 concurrent calls"), r.error().message());
    }

    @Test
    void thePlatformCeilingsApplyAfterTheCustomersOwn() {
        assertEquals("platform_calls_per_second",
                OutboundRules.judge(usage(0, 100, 0, 0), CUSTOMER, PLATFORM, 1, 5).limit());
        assertEquals("platform_max_concurrent_calls",
                OutboundRules.judge(usage(0, 0, 0, 1000), CUSTOMER, PLATFORM, 1, 5).limit());
        // the customer's own limit is named first when both are reached
        assertEquals("calls_per_second", OutboundRules.judge(usage(5, 100, 0, 0), CUSTOMER, PLATFORM, 1, 5).limit());
    }

    @Test
    void zeroTurnsALimitOff() {
        OutboundRules.Limits none = new OutboundRules.Limits(0, 0);
        assertNull(OutboundRules.judge(usage(1_000_000, 1_000_000, 1_000_000, 1_000_000), none, none, 50, 5));
    }

    @Test
    void legsAreCountedAfterExpansionWithDuplicatesRemoved() {
        List<List<Address>> expanded = List.of(
                List.of(tel("+821012345678")),
                List.of(tel("+821012345678"), sip("desk@example.com"), tel("+14155550100")), // an agent
                List.of(sip("sip:DESK@example.com")), // the same sip target written otherwise
                List.of()); // an agent that cannot be rung
        assertEquals(3, OutboundRules.distinctLegs(expanded));
        assertEquals(3, OutboundRules.legsAtOnce(expanded, false));
        assertEquals(3, OutboundRules.legsAtOnce(expanded, true)); // linear: the agent's legs ring together
        assertEquals(1, OutboundRules.legsAtOnce(List.of(List.of(tel("+1")), List.of(tel("+2"))), true));
    }

    @Test
    void theLegCapNamesItsLimit() {
        assertNull(OutboundRules.tooManyLegs(100, 100));
        assertNull(OutboundRules.tooManyLegs(5000, 0));
        ApiError e = OutboundRules.tooManyLegs(101, 100);
        assertEquals(400, e.httpStatus());
        assertEquals("TOO_MANY_LEGS", e.reason());
        assertTrue(e.message().contains("limit is 100"), e.message());
        assertEquals("destinations", e.details().get(0).field());
    }

    @Test
    void customersLeaveTheReservedRtpPortsToProviderCalls() {
        // 1000 ports, 100 kept: a customer may hold 900, a provider call the whole range
        assertNull(OutboundRules.rtpRefusal(899, 1000, 1, 100, false, 5));
        ApiError refused = OutboundRules.rtpRefusal(900, 1000, 1, 100, false, 5);
        assertEquals(503, refused.httpStatus());
        assertEquals("RTP_PORTS_EXHAUSTED", refused.reason());
        assertEquals(5, refused.retryAfterSeconds());
        assertNull(OutboundRules.rtpRefusal(900, 1000, 100, 100, true, 5));
        assertNotNull(OutboundRules.rtpRefusal(1000, 1000, 1, 100, true, 5));
    }

    @Test
    void anAddressIsTheSameHoweverItIsWrittenAndADuplicateIsNamed() {
        assertEquals(OutboundRules.key(sip("desk@Example.com")), OutboundRules.key(sip("sip:DESK@example.com")));
        assertEquals("tel:+821012345678", OutboundRules.key(tel("+821012345678")));
        ApiError dup = OutboundRules.duplicate(tel("+821012345678"));
        assertEquals(400, dup.httpStatus());
        assertEquals("DUPLICATE_DESTINATION", dup.reason());
    }

    @Test
    void aRefusalTheCountersDoNotExplainIsStillATypedRetryableRefusal() {
        OutboundRules.Refusal r = OutboundRules.unexplained(7);
        assertEquals(OutboundRules.RATE_LIMIT_EXCEEDED, r.error().reason());
        assertEquals(7, r.error().retryAfterSeconds());
        assertEquals("unknown", r.limit());
    }

    @Test
    void theDatabasesAnswerIsReadAsTheCountersBeforeItsRecordAndTheDecision() {
        OutboundLimiter.Admission admitted = OutboundLimiter.Admission.parse("4,40,9,90,1764763200,1");
        assertEquals(usage(4, 40, 9, 90), admitted.usage());
        assertTrue(admitted.admitted());
        assertEquals(false, OutboundLimiter.Admission.parse("5,40,9,90,1764763200,0").admitted());
    }
}
