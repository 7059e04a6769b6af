package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.api.route.CallAllowance;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BalanceRulesTest {

    private static final Instant ANSWERED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration MARGIN = Duration.ofMillis(500);

    @Test
    void theCallIsHungUpWithinItsLastCoveredSecondSoTheChargeIsWhatTheBalanceCovers() {
        // 10 s covered: hung up 9.5 s after the answer, so at most 10 started seconds are charged
        assertEquals(Duration.ofMillis(9_500), BalanceRules.untilOutOfBalance(ANSWERED, 10L, MARGIN, ANSWERED));
        assertEquals(Duration.ofMillis(7_300),
                BalanceRules.untilOutOfBalance(ANSWERED, 10L, MARGIN, ANSWERED.plusMillis(2_200)), "asked late");
    }

    @Test
    void freeCallsAreNeverCutAndAnAllowanceUsedUpEndsTheCallAtOnce() {
        assertNull(BalanceRules.untilOutOfBalance(ANSWERED, null, MARGIN, ANSWERED));
        assertEquals(Duration.ZERO, BalanceRules.untilOutOfBalance(ANSWERED, 0L, MARGIN, ANSWERED));
        // a plan priced anew 30 s into a call whose balance now covers 20 s
        assertEquals(Duration.ZERO, BalanceRules.untilOutOfBalance(ANSWERED, 20L, MARGIN, ANSWERED.plusSeconds(30)));
    }

    @Test
    void theCauseSaysWhyAfterHowLongAndOnWhatForAnOperator() {
        String cause = BalanceRules.cause(new CallAllowance(10L, new BigDecimal("0.100000"), "USD", "+82",
                new BigDecimal("0.60"), 1, BigDecimal.ZERO));
        assertEquals("The customer's balance ran out (INSUFFICIENT_BALANCE): the call was hung up after the 10 s that "
                + "the balance of 0.1 USD covers at 0.6 USD a minute (rate +82, 1 s increments, connection fee 0), "
                + "the customer's other live calls counted.", cause);
        assertTrue(cause.length() < 1024);
    }
}
