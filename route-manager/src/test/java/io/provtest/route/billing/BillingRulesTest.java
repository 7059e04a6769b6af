package io.provtest.route.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Address;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingRulesTest {

    private static BillingRules.Rate rate(String prefix, String perMinute) {
        return new BillingRules.Rate(prefix, new BigDecimal(perMinute));
    }

    private static final List<BillingRules.Rate> RATES = List.of(rate("+", "0.50"), rate("+82", "0.05"),
            rate("+8210", "0.08"), rate("sip:", "0"));

    @Test
    void theLongestPrefixWins() {
        assertEquals("+8210", BillingRules.match(RATES, "+821012345678").prefix());
        assertEquals("+82", BillingRules.match(RATES, "+82212345678").prefix());
        assertEquals("+", BillingRules.match(RATES, "+14155550100").prefix());
        assertEquals("sip:", BillingRules.match(RATES, "sip:alice@example.com").prefix());
        assertNull(BillingRules.match(List.of(rate("+82", "1")), "+14155550100"), "no match refuses");
        assertNull(BillingRules.match(RATES, null));
    }

    @Test
    void destinationsAreRatedByTypeAndTarget() {
        assertEquals("+8210", BillingRules.ratingKey(new Address("tel", "+8210", null, null, null)));
        assertEquals("sip:bob@example.com", BillingRules.ratingKey(new Address("sip", "bob@example.com", null, null,
                null)));
        assertNull(BillingRules.ratingKey(new Address("agent", "7f0c", null, null, null)));
        assertNull(BillingRules.ratingKey(null));
    }

    @Test
    void durationIsRoundedUpToTheIncrement() {
        assertEquals(120, BillingRules.billableSeconds(61, 60), "60/60: 61 s is two increments");
        assertEquals(60, BillingRules.billableSeconds(60, 60));
        assertEquals(60, BillingRules.billableSeconds(1, 60));
        assertEquals(0, BillingRules.billableSeconds(0, 60));
        assertEquals(61, BillingRules.billableSeconds(61, 1), "1/1: per second");
        assertEquals(66, BillingRules.billableSeconds(61, 6));
        assertThrows(IllegalArgumentException.class, () -> BillingRules.billableSeconds(5, 0));
    }

    @Test
    void aStartedSecondCounts() {
        Instant answered = Instant.parse("2026-12-01T10:00:00Z");
        assertEquals(61, BillingRules.talkSeconds(answered, answered.plusMillis(61_000)));
        assertEquals(62, BillingRules.talkSeconds(answered, answered.plusMillis(61_001)));
        assertEquals(0, BillingRules.talkSeconds(answered, answered.minusMillis(5)), "clock skew is not negative");
    }

    @Test
    void amountIsTheConnectionFeePlusThePerMinutePrice() {
        assertEquals(new BigDecimal("0.100000"), BillingRules.amount(120, new BigDecimal("0.05"), BigDecimal.ZERO));
        assertEquals(new BigDecimal("0.150000"), BillingRules.amount(120, new BigDecimal("0.05"),
                new BigDecimal("0.05")));
        assertEquals(new BigDecimal("0.050833"), BillingRules.amount(61, new BigDecimal("0.05"), BigDecimal.ZERO),
                "1/1 at 0.05/min: 61 s, rounded half-up to 6 places");
        assertEquals(new BigDecimal("0.250000"), BillingRules.amount(0, new BigDecimal("0.05"),
                new BigDecimal("0.25")), "an answered call of 0 s pays the connection fee");
    }

    @Test
    void theBalanceMustCoverTheFirstIncrement() {
        BigDecimal cost = BillingRules.firstIncrementCost(rate("+82", "0.05"), 60, new BigDecimal("0.01"));
        assertEquals(new BigDecimal("0.060000"), cost);
        assertFalse(BillingRules.sufficient(BigDecimal.ZERO, cost));
        assertFalse(BillingRules.sufficient(new BigDecimal("0.059999"), cost));
        assertTrue(BillingRules.sufficient(new BigDecimal("0.06"), cost));
        assertTrue(BillingRules.sufficient(BigDecimal.ZERO, BigDecimal.ZERO.setScale(6)), "free is always allowed");
        assertTrue(BillingRules.sufficient(new BigDecimal("-3"), BigDecimal.ZERO), "even below zero");
    }

    @Test
    void amountsAreShownPlain() {
        assertEquals("12.5", BillingRules.wire(new BigDecimal("12.500000")).toPlainString());
        assertEquals("10", BillingRules.wire(new BigDecimal("10.000000")).toString(), "never 1E+1");
        assertEquals("0", BillingRules.wire(new BigDecimal("0.000000")).toString());
    }

    @Test
    void aPlanIsValidatedFieldByField() {
        RatePlan.Spec ok = RatePlan.Spec.validate(new RatePlan.Spec(" retail ", null, null,
                List.of(rate("+82", "0.05"))));
        assertEquals("retail", ok.name());
        assertEquals(60, ok.incrementSeconds());
        assertEquals(BigDecimal.ZERO, ok.connectionFee());
        ServiceException bad = assertThrows(ServiceException.class, () -> RatePlan.Spec.validate(new RatePlan.Spec("",
                0, new BigDecimal("-1"), List.of(rate("82", "0.05"), rate("+1", "0.0000001"), rate("+1", "1")))));
        List<String> fields = bad.error().details().stream().map(f -> f.field()).toList();
        assertEquals(List.of("name", "increment_seconds", "connection_fee", "rates[0].prefix", "rates[1].per_minute",
                "rates[2].prefix"), fields);
        assertEquals(400, bad.httpStatus());
    }

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Long allowed(String balance, String perMinute, int increment, String fee, Instant now,
                                BillingRules.LiveCall... others) {
        return BillingRules.allowedSeconds(new BigDecimal(balance), new BigDecimal(perMinute), increment,
                new BigDecimal(fee), T0, List.of(others), now);
    }

    @Test
    void aCallMayLastTheWholeIncrementsItsBalanceCoversAndTheirChargeNeverExceedsIt() {
        // 0.6 a minute on 1/1: 0.01 a second; 0.1 covers 10 s
        assertEquals(10L, allowed("0.1", "0.6", 1, "0", T0));
        assertEquals(0, BillingRules.amount(10, new BigDecimal("0.6"), BigDecimal.ZERO)
                .compareTo(new BigDecimal("0.1")), "the charge of the allowed time is the balance, not more");
        assertEquals(10L, allowed("0.105", "0.6", 1, "0", T0), "a part of a second is not covered");
        // the connection fee comes first
        assertEquals(5L, allowed("0.1", "0.6", 1, "0.05", T0));
        // 60/60: whole minutes only; 1.19 at 0.6 a minute covers one minute, 1.2 two
        assertEquals(60L, allowed("1.19", "0.6", 60, "0", T0));
        assertEquals(120L, allowed("1.2", "0.6", 60, "0", T0));
    }

    @Test
    void freeCallsAreNeverCutAndAnUncoveredFirstIncrementEndsTheCallAtOnce() {
        assertNull(allowed("0", "0", 1, "0", T0));
        assertNull(allowed("-5", "0", 60, "1", T0), "free: the plan's fee is not charged without a price either");
        assertEquals(0L, allowed("0", "0.6", 1, "0", T0));
        assertEquals(0L, allowed("-1", "0.6", 1, "0", T0));
        assertEquals(0L, allowed("0.5", "0.6", 60, "0", T0), "half a minute's worth on 60/60");
        assertEquals(0L, allowed("0.05", "0.6", 1, "0.05", T0), "only the fee is covered");
    }

    @Test
    void theCustomersOtherLiveCallsShareTheBalance() {
        BillingRules.LiveCall other = new BillingRules.LiveCall(new BigDecimal("0.6"), T0);
        // answered together on 0.2 (20 s at one call's price): 10 s each
        assertEquals(10L, allowed("0.2", "0.6", 1, "0", T0, other));
        // the other has talked 4 s (0.04 spent): 0.16 left for both, 8 s each
        Instant later = T0.plusSeconds(4);
        assertEquals(8L, BillingRules.allowedSeconds(new BigDecimal("0.2"), new BigDecimal("0.6"), 1, BigDecimal.ZERO,
                later, List.of(other), later));
        // an other call's started increment counts whole: on 60/60, 1 s of it costs a minute
        assertEquals(60L, allowed("1.8", "0.6", 60, "0", T0.plusSeconds(1),
                new BillingRules.LiveCall(new BigDecimal("0.6"), T0)));
        // a free other call costs nothing
        assertEquals(10L, allowed("0.1", "0.6", 1, "0", T0, new BillingRules.LiveCall(BigDecimal.ZERO, T0)));
    }

    @Test
    void recomputedMidCallTheCallsOwnTimeSoFarIsPartOfItsAllowance() {
        // a top-up 30 s into a call on 0.6/min: judged again later, the answer is still counted from its answer
        assertEquals(50L, BillingRules.allowedSeconds(new BigDecimal("0.5"), new BigDecimal("0.6"), 1,
                BigDecimal.ZERO, T0, List.of(), T0.plusSeconds(30)));
        // with another call answered at the same time: the other's 30 s are spent, and both share what is left
        assertEquals(40L, BillingRules.allowedSeconds(new BigDecimal("0.8"), new BigDecimal("0.6"), 1,
                BigDecimal.ZERO, T0, List.of(new BillingRules.LiveCall(new BigDecimal("0.6"), T0)),
                T0.plusSeconds(30)));
    }
}
