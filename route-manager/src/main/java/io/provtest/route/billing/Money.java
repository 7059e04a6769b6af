package io.provtest.route.billing;

import io.provtest.common.error.Validation;
import java.math.BigDecimal;

/** The field rule of an amount of money in a request. */
final class Money {

    /** 10^12 currency units: far beyond any real balance, far inside numeric(20, 6). */
    static final BigDecimal MAX = new BigDecimal("1000000000000");

    private Money() {
    }

    /** At most {@link BillingRules#SCALE} decimals, below {@link #MAX}, and positive (or zero when allowed). */
    static void check(Validation v, String field, BigDecimal amount, boolean zeroAllowed) {
        if (amount == null) {
            v.reject(field, "is required");
        } else if (amount.signum() < 0 || !zeroAllowed && amount.signum() == 0) {
            v.reject(field, zeroAllowed ? "must not be negative" : "must be greater than 0");
        } else if (amount.stripTrailingZeros().scale() > BillingRules.SCALE) {
            v.reject(field, "at most " + BillingRules.SCALE + " decimal places");
        } else if (amount.compareTo(MAX) >= 0) {
            v.reject(field, "must be less than " + MAX.toPlainString());
        }
    }
}
