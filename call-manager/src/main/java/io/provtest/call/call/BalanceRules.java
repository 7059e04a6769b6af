package io.provtest.call.call;

import io.provtest.common.api.route.CallAllowance;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * When an answered call is hung up because its customer's balance runs out, and what the operator reads then.
 * Pure; unit-tested beside. The allowance itself (how many seconds the balance covers) is route-manager's
 * ({@code BillingRules.allowedSeconds}).
 */
public final class BalanceRules {

    private BalanceRules() {
    }

    /**
     * How long from {@code now} until the call must be hung up: {@code margin} before the end of its last covered
     * second ({@code answeredAt} + {@code maxSeconds}), so that the hangup is written within that second and the
     * charge (every started second from answer to hangup) is exactly what the balance covers. Never negative: an
     * allowance already used up (0, or a plan priced anew mid-call) ends the call at once. Null: never (free).
     */
    public static Duration untilOutOfBalance(Instant answeredAt, Long maxSeconds, Duration margin, Instant now) {
        if (maxSeconds == null) {
            return null;
        }
        Instant end = answeredAt.plusSeconds(maxSeconds).minus(margin);
        Duration left = Duration.between(now, end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The hangup cause: why, after how long, and on what it was judged; no carrier detail (customers read it). */
    public static String cause(CallAllowance a) {
        return "The customer's balance ran out (INSUFFICIENT_BALANCE): the call was hung up after the "
                + a.maxSeconds() + " s that the balance of " + plain(a.balance()) + " " + a.currency() + " covers at "
                + plain(a.perMinute()) + " " + a.currency() + " a minute (rate " + a.ratePrefix() + ", "
                + a.incrementSeconds() + " s increments, connection fee " + plain(a.connectionFee())
                + "), the customer's other live calls counted.";
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? "0" : amount.stripTrailingZeros().toPlainString();
    }
}
