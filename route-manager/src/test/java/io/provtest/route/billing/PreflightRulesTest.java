package io.provtest.route.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.provtest.common.error.ApiError;
import io.provtest.common.model.Address;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PreflightService#judge}: frozen, then the balance, then the outbound config, then the plan's prices, then
 * the source; each case fails every later rule too, so a wrong order shows.
 */
class PreflightRulesTest {

    private static final Address SOURCE = new Address("tel", "+14155550100", null, null, null);

    private static RatePlanEntity plan(String fee, BillingRules.Rate... rates) {
        RatePlanEntity plan = new RatePlanEntity();
        plan.incrementSeconds = 60;
        plan.connectionFee = new BigDecimal(fee);
        plan.rates = List.of(rates);
        return plan;
    }

    private static final RatePlanEntity KOREA = plan("0", new BillingRules.Rate("+82", new BigDecimal("0.05")));

    private static Address tel(String target) {
        return new Address("tel", target, null, null, null);
    }

    private static PreflightService.Facts facts(boolean frozen, String balance, RatePlanEntity plan,
                                                List<String> allowed, List<String> denied, boolean skip,
                                                Address source) {
        return new PreflightService.Facts(frozen, new BigDecimal(balance), plan, allowed, denied, skip, source);
    }

    private static String reason(PreflightService.Facts facts, Address destination) {
        ApiError error = PreflightService.judge(facts, destination);
        return error == null ? null : error.reason();
    }

    @Test
    void theRulesApplyInTheReferencesOrder() {
        Address unpricedDenied = tel("+14155550100");
        // every rule would refuse it: the first one wins
        assertEquals("ACCOUNT_FROZEN", reason(facts(true, "0", KOREA, List.of("+82"), List.of("+1"), false, null),
                unpricedDenied));
        assertEquals("INSUFFICIENT_BALANCE", reason(facts(false, "0", KOREA, List.of("+82"), List.of("+1"), false,
                null), unpricedDenied));
        assertEquals("DESTINATION_NOT_ALLOWED", reason(facts(false, "1", KOREA, List.of("+82"), List.of(), false,
                null), tel("+14155550100")), "outbound config before the source");
        assertEquals("DESTINATION_NOT_ALLOWED", reason(facts(false, "1", KOREA, List.of(), List.of(), false, null),
                unpricedDenied), "the plan's prices before the source");
        assertEquals("NO_VALID_SOURCE", reason(facts(false, "1", KOREA, List.of(), List.of(), false, null),
                tel("+821012345678")));
        assertNull(reason(facts(false, "1", KOREA, List.of(), List.of(), false, SOURCE), tel("+821012345678")));
        assertNull(reason(facts(false, "1", KOREA, List.of(), List.of(), true, null), tel("+821012345678")),
                "skip_source_validation: no source check at all");
    }

    @Test
    void statusesAndMessages() {
        ApiError frozen = PreflightService.judge(facts(true, "1", KOREA, List.of(), List.of(), true, SOURCE),
                tel("+821012345678"));
        assertEquals(403, frozen.httpStatus());
        ApiError broke = PreflightService.judge(facts(false, "0", KOREA, List.of(), List.of(), true, SOURCE),
                tel("+821012345678"));
        assertEquals(402, broke.httpStatus());
        ApiError denied = PreflightService.judge(facts(false, "1", KOREA, List.of(), List.of("+8210"), true, SOURCE),
                tel("+821012345678"));
        assertEquals(403, denied.httpStatus());
        assertEquals(true, denied.message().contains("+8210"), denied.message());
        ApiError noSource = PreflightService.judge(facts(false, "1", KOREA, List.of(), List.of(), false, null),
                tel("+821012345678"));
        assertEquals(400, noSource.httpStatus());
        assertNull(reason(facts(false, "0.05", KOREA, List.of(), List.of(), false, SOURCE), tel("+821012345678")),
                "a balance equal to the first increment is enough");
    }

    @Test
    void agentsAreOnlyRefusedWhenFrozenAndSipDestinationsNeedNoSourceNorCountry() {
        Address agent = new Address("agent", "7b3c0f8e-1d7e-4a8a-9a56-f2a5d0f5a001", null, null, null);
        assertEquals("ACCOUNT_FROZEN", reason(facts(true, "0", plan("1"), List.of(), List.of(), false, null), agent));
        assertNull(reason(facts(false, "0", plan("1"), List.of("+82"), List.of(), false, null), agent));
        RatePlanEntity free = plan("0", new BillingRules.Rate("+", BigDecimal.ZERO),
                new BillingRules.Rate("sip:", BigDecimal.ZERO));
        assertNull(reason(facts(false, "0", free, List.of("+82"), List.of("+1"), false, null),
                new Address("sip", "desk@carrier.example", null, null, null)));
    }

    @Test
    void aFreeDestinationNeedsNoBalanceButTheConnectionFeeCounts() {
        RatePlanEntity free = plan("0", new BillingRules.Rate("+", BigDecimal.ZERO));
        assertNull(reason(facts(false, "0", free, List.of(), List.of(), true, null), tel("+821012345678")));
        assertEquals("INSUFFICIENT_BALANCE", reason(facts(false, "0.5", plan("1", new BillingRules.Rate("+",
                BigDecimal.ZERO)), List.of(), List.of(), true, null), tel("+1")));
    }
}
