package io.provtest.route.billing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Address;
import io.provtest.common.model.DestinationOutcome;
import io.provtest.route.number.OutboundRules;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The pre-flight of every outgoing destination, before anything is recorded or dialed, in the reference's order
 * (voipbin-behaviour.md e.1, steps 4-11), each failure a typed error on that destination:
 * <ol>
 * <li>the customer must be active: a frozen one → {@code 403 ACCOUNT_FROZEN} (every destination type; the status
 * is the gateway's, which owns customers, and comes with the request);</li>
 * <li>the balance must cover the destination's first increment → {@code 402 INSUFFICIENT_BALANCE};</li>
 * <li>a tel destination must be allowed by the customer's outbound config (allowed_countries, denied_prefixes) →
 * {@code 403 DESTINATION_NOT_ALLOWED};</li>
 * <li>the customer's rate plan must price it → {@code 403 DESTINATION_NOT_ALLOWED};</li>
 * <li>a tel destination needs a valid source: an active number the customer owns, else its default outgoing source
 * number (the call then goes out with it: {@link Verdict#source}), else {@code 400 NO_VALID_SOURCE}; skipped when
 * {@code skip_source_validation} is set (provider calls keep their source verbatim).</li>
 * </ol>
 * Each refusal is published as {@code call_outbound_rejected}. Agent destinations are only subject to the first
 * rule: they become legs to the agent's addresses in call-manager, each charged at hangup like any call.
 *
 * <p>Provider calls go through {@link #checkProviderCall}, which skips rules 2-4 only when
 * {@link BillingConfig#providercallPreflight()} is {@code skipped-for-benchmark} (every provider call) or
 * {@code alternate-for-benchmark} (every second one): benchmarking aids, see there. A verdict reached without the
 * checks says so ({@link Verdict#checksSkipped}), and the provider call's record carries {@link #skippedWarning}.
 */
@Singleton
public class PreflightService {

    public static final String REJECTED = "call_outbound_rejected";
    /** The customer status that refuses every outgoing call; {@code active} (or none given) allows them. */
    public static final String FROZEN = "frozen";
    /**
     * How the warning on a provider call placed without the checks begins: {@code bench/providercalls.py} sorts the
     * accepted requests by it (with the checks / without), so it is kept as it is.
     */
    public static final String SKIPPED_WARNING_START = "The pre-flight was skipped for a benchmark";
    private static final Logger LOG = Logger.getLogger(PreflightService.class);

    private final PreflightLookup lookup;
    private final EventPublisher events;
    private final BillingConfig.ProvidercallPreflight mode;
    /**
     * {@code alternate-for-benchmark}: the provider calls this instance has decided on, the odd ones skipping the
     * checks. A counter rather than a coin per request: exactly every second call skips, so the two kinds arrive
     * interleaved one by one and share the same moments of load and the same queues, in equal numbers however short
     * the run (a coin leaves runs of one kind and an uneven split), and a test can tell which call skips. The risk
     * it takes: a client whose requests alternate between two kinds would line up with it; the benchmark sends one
     * kind of request. With replicas, each instance alternates on its own: still half in all.
     */
    private final AtomicLong providerCalls = new AtomicLong();

    public PreflightService(PreflightLookup lookup, EventPublisher events, BillingConfig config) {
        this.lookup = lookup;
        this.events = events;
        this.mode = config.providercallPreflight();
    }

    /** Said at every start, loudly, so that a system left this way is noticed in its log. */
    void warnWhenSkipped(@Observes StartupEvent start) {
        switch (mode) {
            case SKIPPED_FOR_BENCHMARK -> LOG.warn("BILLING_PROVIDERCALL_PREFLIGHT=skipped-for-benchmark: provider"
                    + " calls are NOT checked for balance, outbound config or rate plan (a benchmarking aid only;"
                    + " unset it for any real use)");
            case ALTERNATE_FOR_BENCHMARK -> LOG.warn("BILLING_PROVIDERCALL_PREFLIGHT=alternate-for-benchmark: every"
                    + " second provider call is NOT checked for balance, outbound config or rate plan (a benchmarking"
                    + " aid only; unset it for any real use)");
            case ENFORCED -> { }
        }
    }

    /**
     * The warning a provider call placed without the checks carries, naming the setting that let it through (in its
     * record and its answer: an audit of the record shows it, and the benchmark tells the two kinds apart by it).
     */
    public String skippedWarning() {
        return SKIPPED_WARNING_START + " (BILLING_PROVIDERCALL_PREFLIGHT="
                + mode.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + "): its balance, outbound config and rate plan were not checked.";
    }

    /**
     * What a check answers: one outcome per destination, in order, with the error of those refused, and the source
     * the allowed calls go out with (the given one, or the customer's default number in its place).
     * {@code checksSkipped}: a provider call let through without rules 2-4 for a benchmark (not on the wire: the
     * pre-flight route, group calls', never skips).
     */
    public record Verdict(List<DestinationOutcome> outcomes, Address source, @JsonIgnore boolean checksSkipped) {

        public Verdict(List<DestinationOutcome> outcomes, Address source) {
            this(outcomes, source, false);
        }

        public boolean allAllowed() {
            return outcomes.stream().allMatch(o -> o.error() == null);
        }

        public boolean noneAllowed() {
            return outcomes.stream().allMatch(o -> o.error() != null);
        }
    }

    /**
     * One request's destinations. {@code customerStatus}: the customer's status as the gateway has it (null:
     * active); {@code origin} ("groupcall", "providercall", …) goes into the rejection events.
     */
    public record Request(UUID customerId, String customerStatus, Address source, boolean skipSourceValidation,
                          List<Address> destinations, String origin) {
    }

    /**
     * What the rules decide on, read once per request in one statement ({@link PreflightLookup}). {@code source}: the
     * chosen one, null when there is none.
     */
    record Facts(boolean frozen, BigDecimal balance, RatePlanEntity plan, List<String> allowedCountries,
                 List<String> deniedPrefixes, boolean skipSourceValidation, Address source) {
    }

    /**
     * A provider call's destinations (the source kept verbatim): {@link #check}, unless the checks are skipped for a
     * benchmark (every call, or every second one: {@link BillingConfig#providercallPreflight()}), when every
     * destination of an active customer is allowed without reading anything. A frozen customer is still refused (and
     * takes no turn in the alternation): that rule reads nothing, so skipping it would measure nothing.
     */
    public Verdict checkProviderCall(UUID customerId, String customerStatus, Address source,
                                     List<Address> destinations) {
        if (!FROZEN.equals(customerStatus) && skipsThisOne()) {
            List<DestinationOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < destinations.size(); i++) {
                outcomes.add(new DestinationOutcome(i, destinations.get(i), null, null, null));
            }
            return new Verdict(List.copyOf(outcomes), source, true);
        }
        return check(new Request(customerId, customerStatus, source, true, destinations, "providercall"));
    }

    private boolean skipsThisOne() {
        return switch (mode) {
            case ENFORCED -> false;
            case SKIPPED_FOR_BENCHMARK -> true;
            case ALTERNATE_FOR_BENCHMARK -> providerCalls.getAndIncrement() % 2 == 1;
        };
    }

    public Verdict check(Request request) {
        boolean tel = request.destinations().stream().anyMatch(d -> d != null && "tel".equals(d.type()));
        boolean validateSource = tel && !request.skipSourceValidation();
        UUID customerId = request.customerId();
        Address given = request.source();
        PreflightLookup.Facts read = lookup.facts(customerId,
                validateSource && given != null ? given.target() : null, validateSource);
        Address source = validateSource ? OutboundRules.chooseSource(customerId, given, false, read.givenNumber(),
                read.defaultNumber()) : given;
        Facts facts = new Facts(FROZEN.equals(request.customerStatus()), read.balance(), read.plan(),
                read.allowedCountries(), read.deniedPrefixes(), request.skipSourceValidation(), source);
        List<DestinationOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < request.destinations().size(); i++) {
            Address d = request.destinations().get(i);
            outcomes.add(new DestinationOutcome(i, d, null, null, judge(facts, d)));
        }
        for (DestinationOutcome out : outcomes) {
            if (out.error() != null) {
                events.publish(REJECTED, rejection(customerId, request.origin(), out));
            }
        }
        return new Verdict(List.copyOf(outcomes), source);
    }

    /** The refusal of one destination, or null when it may be dialed: the rules above, in their order. */
    static ApiError judge(Facts f, Address destination) {
        if (f.frozen()) {
            return ApiError.of(ErrorStatus.PERMISSION_DENIED, "ACCOUNT_FROZEN",
                    "The customer's account is frozen: no outgoing calls.");
        }
        String key = BillingRules.ratingKey(destination);
        if (key == null) {
            return null;
        }
        BillingRules.Rate rate = BillingRules.match(f.plan().rates, key);
        BigDecimal cost = rate == null ? null
                : BillingRules.firstIncrementCost(rate, f.plan().incrementSeconds, f.plan().connectionFee);
        boolean covered = cost == null ? f.balance().signum() > 0 : BillingRules.sufficient(f.balance(), cost);
        if (!covered) {
            return ApiError.of(ErrorStatus.PAYMENT_REQUIRED, "INSUFFICIENT_BALANCE", cost == null
                    ? "The balance is not above zero."
                    : "The balance does not cover the first increment of this destination ("
                            + BillingRules.wire(cost).toPlainString() + ").");
        }
        boolean tel = "tel".equals(destination.type());
        String refused = tel ? OutboundRules.destinationRefusal(f.allowedCountries(), f.deniedPrefixes(),
                destination.target()) : null;
        if (refused != null) {
            return ApiError.of(ErrorStatus.PERMISSION_DENIED, "DESTINATION_NOT_ALLOWED", refused);
        }
        if (rate == null) {
            return ApiError.of(ErrorStatus.PERMISSION_DENIED, "DESTINATION_NOT_ALLOWED",
                    "The customer's rate plan has no rate for this destination.");
        }
        if (tel && !f.skipSourceValidation() && f.source() == null) {
            return ApiError.of(ErrorStatus.INVALID_ARGUMENT, "NO_VALID_SOURCE", "The source is not an active number"
                    + " of the customer and the customer has no usable default outgoing source number.");
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
