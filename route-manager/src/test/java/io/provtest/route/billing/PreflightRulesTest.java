package io.provtest.route.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.provtest.common.error.ApiError;
import io.provtest.common.model.Address;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PreflightService#judge}: the balance first, then the plan's prices. */
class PreflightRulesTest {

    private static RatePlanEntity plan(String fee, BillingRules.Rate... rates) {
        RatePlanEntity plan = new RatePlanEntity();
        plan.incrementSeconds = 60;
        plan.connectionFee = new BigDecimal(fee);
        plan.rates = List.of(rates);
        return plan;
    }

    private static Address tel(String target) {
        return new Address("tel", target, null, null, null);
    }

    @Test
    void balanceThenDestination() {
        RatePlanEntity korea = plan("0", new BillingRules.Rate("+82", new BigDecimal("0.05")));
        ApiError broke = PreflightService.judge(BigDecimal.ZERO, korea, tel("+821012345678"));
        assertEquals("INSUFFICIENT_BALANCE", broke.reason());
        assertEquals(402, broke.httpStatus());
        ApiError unpriced = PreflightService.judge(BigDecimal.ONE, korea, tel("+14155550100"));
        assertEquals("DESTINATION_NOT_ALLOWED", unpriced.reason());
        assertEquals(403, unpriced.httpStatus());
        assertEquals("INSUFFICIENT_BALANCE", PreflightService.judge(BigDecimal.ZERO, korea, tel("+1415")).reason(),
                "the balance is checked first, as the reference orders it");
        assertNull(PreflightService.judge(new BigDecimal("0.05"), korea, tel("+821012345678")));
    }

    @Test
    void aFreeDestinationNeedsNoBalanceAndOthersAreNotChecked() {
        RatePlanEntity free = plan("0", new BillingRules.Rate("+", BigDecimal.ZERO));
        assertNull(PreflightService.judge(BigDecimal.ZERO, free, tel("+821012345678")));
        assertNull(PreflightService.judge(BigDecimal.ZERO, plan("1"), new Address("agent", "x", null, null, null)));
        assertEquals("INSUFFICIENT_BALANCE", PreflightService.judge(new BigDecimal("0.5"), plan("1",
                new BillingRules.Rate("+", BigDecimal.ZERO)), tel("+1")).reason(), "the connection fee counts");
    }
}
