package io.provtest.common.api.route;

import java.math.BigDecimal;

/**
 * How long an answered call may last, in seconds after its answer ({@code max_seconds} null: free or not rated,
 * never cut; 0: not even the first increment is covered), and what it was judged on, for the hangup cause.
 */
public record CallAllowance(Long maxSeconds, BigDecimal balance, String currency, String ratePrefix,
                            BigDecimal perMinute, int incrementSeconds, BigDecimal connectionFee) {
}
