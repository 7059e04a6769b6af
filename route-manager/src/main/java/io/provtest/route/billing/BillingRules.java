package io.provtest.route.billing;

import io.provtest.common.model.Address;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The pure rules of rating and balance checks; no state, unit-tested beside. */
public final class BillingRules {

    /** The platform's default plan (seeded by V6__billing.sql): every new account starts on it. */
    public static final UUID DEFAULT_PLAN_ID = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    /** Amounts are kept to 6 decimal places of the currency unit (numeric(20, 6)). */
    public static final int SCALE = 6;
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    private BillingRules() {
    }

    /** One price of a plan: destinations starting with {@code prefix} cost {@code perMinute} a minute. */
    public record Rate(String prefix, BigDecimal perMinute) {
    }

    /**
     * What a destination is matched on: a tel target as given (E.164, "+8210…"), a sip one as "sip:" + target, so a
     * plan prices a customer's own SIP endpoints apart from the telephone network. Other types are not rated (null).
     */
    public static String ratingKey(Address destination) {
        if (destination == null || destination.target() == null) {
            return null;
        }
        return switch (destination.type() == null ? "" : destination.type()) {
            case "tel" -> destination.target();
            case "sip" -> "sip:" + destination.target();
            default -> null;
        };
    }

    /** The rate of the longest prefix of {@code key}, or null when none matches (the destination is refused). */
    public static Rate match(List<Rate> rates, String key) {
        Rate best = null;
        if (key == null || rates == null) {
            return null;
        }
        for (Rate rate : rates) {
            if (key.startsWith(rate.prefix()) && (best == null || rate.prefix().length() > best.prefix().length())) {
                best = rate;
            }
        }
        return best;
    }

    /**
     * Whole seconds from answer to hangup, a started second counted (1.2 s is 2 s): the carrier bills started
     * seconds too. A hangup before the answer (clock skew) is 0.
     */
    public static long talkSeconds(Instant answered, Instant hungUp) {
        long millis = Duration.between(answered, hungUp).toMillis();
        return millis <= 0 ? 0 : (millis + 999) / 1000;
    }

    /** The duration rounded up to whole increments: 61 s on 60/60 is 120, on 1/1 is 61; 0 s stays 0. */
    public static long billableSeconds(long seconds, int incrementSeconds) {
        if (incrementSeconds <= 0) {
            throw new IllegalArgumentException("increment must be positive");
        }
        return (seconds + incrementSeconds - 1) / incrementSeconds * incrementSeconds;
    }

    /** connection fee + per minute × billable seconds / 60, rounded half-up to {@link #SCALE} places. */
    public static BigDecimal amount(long billableSeconds, BigDecimal perMinute, BigDecimal connectionFee) {
        return connectionFee.add(perMinute.multiply(BigDecimal.valueOf(billableSeconds)).divide(SIXTY, SCALE,
                RoundingMode.HALF_UP)).setScale(SCALE, RoundingMode.HALF_UP);
    }

    /** What the first increment of a call costs: the least a balance must cover before the call is placed. */
    public static BigDecimal firstIncrementCost(Rate rate, int incrementSeconds, BigDecimal connectionFee) {
        return amount(incrementSeconds, rate.perMinute(), connectionFee);
    }

    /**
     * Whether a balance may start a call whose first increment costs {@code cost}: it must cover it. A free
     * destination (cost 0) is allowed on any balance, so the free default plan never blocks; a priced one needs a
     * balance above zero and at least the cost.
     */
    public static boolean sufficient(BigDecimal balance, BigDecimal cost) {
        if (cost.signum() == 0) {
            return true;
        }
        return balance.signum() > 0 && balance.compareTo(cost) >= 0;
    }

    /** A live answered call of the same customer: its price a minute and when it was answered. */
    public record LiveCall(BigDecimal perMinute, Instant answeredAt) {
    }

    /**
     * How long, in seconds after its answer, a call may last before its charge would take the customer's balance
     * below zero, judged at {@code now}: the largest whole number of increments whose cost (fee + price) is covered by
     * what the balance leaves once the customer's other live answered calls are counted, both what they have cost
     * so far (rounded up to the increment, as they will be charged) and what they go on costing while this call
     * lasts (they share the balance, so each call gets its part of what is left: two equal calls on a balance of 10
     * seconds' worth get 5 s each). Charges are only taken at hangup, so {@code balance} holds no live call's cost.
     * Null when this call is free (it is never cut). 0 when not even the first increment is covered: the call ends
     * at once. Pure; unit-tested beside.
     */
    public static Long allowedSeconds(BigDecimal balance, BigDecimal perMinute, int incrementSeconds,
                                      BigDecimal connectionFee, Instant answeredAt, List<LiveCall> others,
                                      Instant now) {
        if (perMinute.signum() <= 0) {
            return null;
        }
        BigDecimal left = balance.subtract(connectionFee);
        BigDecimal othersPerMinute = BigDecimal.ZERO;
        for (LiveCall other : others) {
            long accrued = billableSeconds(talkSeconds(other.answeredAt(), now), incrementSeconds);
            left = left.subtract(amount(accrued, other.perMinute(), connectionFee));
            othersPerMinute = othersPerMinute.add(other.perMinute());
        }
        // (left + others' price of the time this call has already run) * 60 / (this call's and the others' price)
        long elapsed = Math.max(0, Duration.between(answeredAt, now).toSeconds());
        BigDecimal money = left.multiply(SIXTY).add(othersPerMinute.multiply(BigDecimal.valueOf(elapsed)));
        if (money.signum() <= 0) {
            return 0L;
        }
        long seconds = money.divide(perMinute.add(othersPerMinute), 0, RoundingMode.FLOOR).longValueExact();
        return seconds / incrementSeconds * incrementSeconds;
    }

    /** An amount as the wire shows it: no trailing zeros, never in exponent form (12.5, 10, 0.000001). */
    public static BigDecimal wire(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
