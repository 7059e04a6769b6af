package io.provtest.route.billing;

import io.provtest.common.error.Validation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A rate plan on the wire: {@code {id, name, increment_seconds, connection_fee, rates: [{prefix, per_minute}], …}}. */
public record RatePlan(UUID id, String name, int incrementSeconds, BigDecimal connectionFee,
                       List<BillingRules.Rate> rates, boolean isDefault, Instant tmCreate, Instant tmUpdate,
                       Instant tmDelete) {

    static final int MAX_RATES = 10_000;

    /** What a client sends (create and full replace). */
    public record Spec(String name, Integer incrementSeconds, BigDecimal connectionFee, List<BillingRules.Rate> rates) {

        /** Every field rule; one 400 naming every bad field. Missing increment: 60, missing fee: 0. */
        public static Spec validate(Spec in) {
            Validation v = new Validation();
            String name = in.name() == null ? "" : in.name().strip();
            if (name.isEmpty() || name.length() > 255) {
                v.reject("name", "must be 1 to 255 characters");
            }
            int increment = in.incrementSeconds() == null ? 60 : in.incrementSeconds();
            if (increment < 1 || increment > 3600) {
                v.reject("increment_seconds", "must be between 1 and 3600");
            }
            BigDecimal fee = in.connectionFee() == null ? BigDecimal.ZERO : in.connectionFee();
            Money.check(v, "connection_fee", fee, true);
            List<BillingRules.Rate> rates = in.rates() == null ? List.of() : in.rates();
            if (rates.size() > MAX_RATES) {
                v.reject("rates", "at most " + MAX_RATES + " rates");
            }
            Set<String> seen = new HashSet<>();
            List<BillingRules.Rate> clean = new ArrayList<>();
            for (int i = 0; i < rates.size() && rates.size() <= MAX_RATES; i++) {
                BillingRules.Rate r = rates.get(i);
                String field = "rates[" + i + "]";
                if (r == null) {
                    v.reject(field, "must be an object");
                    continue;
                }
                String prefix = r.prefix();
                if (prefix == null || !(prefix.matches("\\+[0-9]{0,15}") || prefix.matches("sip:[!-~]{0,64}"))) {
                    v.reject(field + ".prefix", "must be \"+\" and up to 15 digits, or \"sip:\" and a sip target start");
                } else if (!seen.add(prefix)) {
                    v.reject(field + ".prefix", "is repeated");
                }
                if (r.perMinute() == null) {
                    v.reject(field + ".per_minute", "is required");
                } else {
                    Money.check(v, field + ".per_minute", r.perMinute(), true);
                }
                clean.add(r);
            }
            v.throwIfInvalid("INVALID_ARGUMENT");
            return new Spec(name, increment, fee, clean);
        }
    }
}
