package io.provtest.route.billing;

import io.provtest.common.db.Db;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Address;
import io.provtest.common.model.DestinationOutcome;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The billing part of the pre-flight of every outgoing destination, before anything is dialed, in the reference's
 * order (after the customer's status, which the gateway owns and checks): the balance must cover the destination's
 * first increment ({@code 402 INSUFFICIENT_BALANCE}), then the customer's plan must price the destination
 * ({@code 403 DESTINATION_NOT_ALLOWED}). Each refusal is published as {@code call_outbound_rejected}.
 *
 * <p>Only tel and sip destinations are checked: an agent destination becomes legs to the agent's addresses in
 * call-manager, each charged at hangup like any call.
 */
@Singleton
public class PreflightService {

    public static final String REJECTED = "call_outbound_rejected";

    private final BillingService billing;
    private final RatePlanRepository plans;
    private final EventPublisher events;

    public PreflightService(BillingService billing, RatePlanRepository plans, EventPublisher events) {
        this.billing = billing;
        this.plans = plans;
        this.events = events;
    }

    /** What a check answers: one outcome per destination, in order, with the error of those refused. */
    public record Verdict(List<DestinationOutcome> outcomes) {

        public boolean allAllowed() {
            return outcomes.stream().allMatch(o -> o.error() == null);
        }

        public boolean noneAllowed() {
            return outcomes.stream().allMatch(o -> o.error() != null);
        }
    }

    public record Request(UUID customerId, List<Address> destinations, String origin) {
    }

    /** Checks every destination; {@code origin} ("call", "providercall", …) goes into the rejection events. */
    public Verdict check(UUID customerId, List<Address> destinations, String origin) {
        return Db.transaction(() -> billing.ensured(customerId).chain(account -> plans.findById(account.ratePlanId)
                .chain(plan -> {
                    List<DestinationOutcome> outcomes = new ArrayList<>();
                    for (int i = 0; i < destinations.size(); i++) {
                        Address d = destinations.get(i);
                        ApiError error = judge(account.balance, plan, d);
                        outcomes.add(new DestinationOutcome(i, d, null, null, error));
                    }
                    Uni<Void> published = Uni.createFrom().voidItem();
                    for (DestinationOutcome o : outcomes) {
                        if (o.error() != null) {
                            published = published.call(() -> events.publishing(REJECTED,
                                    rejection(customerId, origin, o)));
                        }
                    }
                    return published.replaceWith(new Verdict(List.copyOf(outcomes)));
                })));
    }

    /** The refusal of one destination, or null when billing allows it. */
    static ApiError judge(BigDecimal balance, RatePlanEntity plan, Address destination) {
        String key = BillingRules.ratingKey(destination);
        if (key == null) {
            return null;
        }
        BillingRules.Rate rate = BillingRules.match(plan.rates, key);
        BigDecimal cost = rate == null ? null
                : BillingRules.firstIncrementCost(rate, plan.incrementSeconds, plan.connectionFee);
        boolean covered = cost == null ? balance.signum() > 0 : BillingRules.sufficient(balance, cost);
        if (!covered) {
            return ApiError.of(ErrorStatus.PAYMENT_REQUIRED, "INSUFFICIENT_BALANCE", cost == null
                    ? "The balance is not above zero."
                    : "The balance does not cover the first increment of this destination ("
                            + BillingRules.wire(cost).toPlainString() + ").");
        }
        if (rate == null) {
            return ApiError.of(ErrorStatus.PERMISSION_DENIED, "DESTINATION_NOT_ALLOWED",
                    "The customer's rate plan has no rate for this destination.");
        }
        return null;
    }

    private static Map<String, Object> rejection(UUID customerId, String origin, DestinationOutcome o) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("customer_id", customerId);
        data.put("origin", origin);
        data.put("index", o.index());
        data.put("destination", o.destination());
        data.put("reason", o.error().reason());
        data.put("status", o.error().status());
        data.put("message", o.error().message());
        return data;
    }
}
