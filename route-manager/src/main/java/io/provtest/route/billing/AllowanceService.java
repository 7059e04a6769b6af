package io.provtest.route.billing;

import io.provtest.common.api.route.CallAllowance;
import io.provtest.common.api.route.CallAllowanceQuery;
import io.provtest.common.db.Db;
import io.provtest.common.error.Validation;
import io.provtest.common.time.Times;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How long an answered call may last on its customer's balance ({@link BillingRules#allowedSeconds}): asked by
 * call-manager at the answer and again when the balance or the plan changes ({@code billing_account_updated}), so it
 * can hang the call up before it costs more than the balance. Reads the account (created if missing, like a charge
 * would) and its plan in one unit of work; the price of each call is the plan's for its destination, as the charge
 * will compute it at hangup.
 */
@Singleton
public class AllowanceService {

    private final BillingService billing;
    private final RatePlanRepository plans;
    private final BillingConfig config;

    public AllowanceService(BillingService billing, RatePlanRepository plans, BillingConfig config) {
        this.billing = billing;
        this.plans = plans;
        this.config = config;
    }

    public CallAllowance allowance(CallAllowanceQuery query) {
        Validation v = new Validation();
        if (query == null || query.customerId() == null) {
            v.reject("customer_id", "is required");
        }
        if (query == null || query.destination() == null) {
            v.reject("destination", "is required");
        }
        if (query == null || query.tmProgressing() == null) {
            v.reject("tm_progressing", "is required");
        }
        v.throwIfInvalid("INVALID_ARGUMENT");
        Instant now = Times.now();
        return Db.transaction(() -> billing.ensured(query.customerId()).chain(account -> plans
                .findById(account.ratePlanId).map(plan -> judge(query, account, plan, now))));
    }

    private CallAllowance judge(CallAllowanceQuery query, AccountEntity account, RatePlanEntity plan, Instant now) {
        BillingRules.Rate rate = BillingRules.match(plan.rates, BillingRules.ratingKey(query.destination()));
        if (rate == null) {
            // not rated: it would not be charged either (ChargeService), so it is not cut
            return new CallAllowance(null, BillingRules.wire(account.balance), config.currency(), null, null,
                    plan.incrementSeconds, BillingRules.wire(plan.connectionFee));
        }
        List<BillingRules.LiveCall> others = new ArrayList<>();
        for (CallAllowanceQuery.LiveCall other : query.others()) {
            BillingRules.Rate otherRate = BillingRules.match(plan.rates, BillingRules.ratingKey(other.destination()));
            if (otherRate != null && other.tmProgressing() != null) {
                others.add(new BillingRules.LiveCall(otherRate.perMinute(), other.tmProgressing()));
            }
        }
        Long seconds = BillingRules.allowedSeconds(account.balance, rate.perMinute(), plan.incrementSeconds,
                plan.connectionFee, query.tmProgressing(), others, now);
        return new CallAllowance(seconds, BillingRules.wire(account.balance), config.currency(), rate.prefix(),
                BillingRules.wire(rate.perMinute()), plan.incrementSeconds, BillingRules.wire(plan.connectionFee));
    }
}
