package io.provtest.call.limits;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.FieldViolation;
import io.provtest.common.model.Address;
import io.provtest.common.model.E164;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The outbound limits' decisions, pure: what the shared counters show goes in, a refusal (or null) comes out. The
 * counters themselves are read and written by {@link OutboundLimiter}; the database makes {@link #judge}'s decision
 * itself while it holds the admission lock (the function {@code outbound_refuses}, V33), and judge then says which
 * limit it was.
 */
public final class OutboundRules {

    public static final String RATE_LIMIT_EXCEEDED = "RATE_LIMIT_EXCEEDED";
    public static final String TOO_MANY_LEGS = "TOO_MANY_LEGS";
    public static final String RTP_PORTS_EXHAUSTED = "RTP_PORTS_EXHAUSTED";
    public static final String DUPLICATE_DESTINATION = "DUPLICATE_DESTINATION";

    private OutboundRules() {
    }

    /** A customer's (or the platform's) limits; 0 is no limit. */
    public record Limits(int callsPerSecond, int maxConcurrentCalls) {
    }

    /**
     * A customer's limits: its own outbound config may only tighten the platform's per-customer defaults (a tenant's
     * admin edits that config, so it must not raise its own ceiling); 0 on either side means that side sets none.
     */
    public static Limits effective(Limits defaults, Limits customer) {
        return new Limits(tighter(defaults.callsPerSecond(), customer.callsPerSecond()),
                tighter(defaults.maxConcurrentCalls(), customer.maxConcurrentCalls()));
    }

    private static int tighter(int platform, int own) {
        if (own <= 0) {
            return platform;
        }
        return platform <= 0 ? own : Math.min(platform, own);
    }

    /**
     * The shared counters at the moment of the decision: calls started in the current second (customer, platform)
     * and calls alive (not hung up, plus legs admitted and not yet stored).
     */
    public record Usage(long customerThisSecond, long platformThisSecond, long customerLive, long platformLive) {
    }

    /** A refusal: which limit ({@code calls_per_second}, …, for the event), the error to answer. */
    public record Refusal(String limit, ApiError error) {
    }

    /**
     * Whether {@code legs} new calls may start now, in this order: the customer's calls per second, its concurrent
     * calls, then the platform's two ceilings. Per second, a request is admitted while the second has room and all
     * its legs count (a ring_all groupcall larger than the rate would otherwise never pass; the excess only shortens
     * that second for the next requests). Concurrent calls are a hard bound: live plus the new legs must fit.
     */
    public static Refusal judge(Usage usage, Limits customer, Limits platform, int legs, int concurrentRetryAfter) {
        if (full(usage.customerThisSecond(), customer.callsPerSecond())) {
            return refusal("calls_per_second", "The customer's limit of " + customer.callsPerSecond()
                    + " calls per second is reached; no call was placed.", 1);
        }
        if (over(usage.customerLive(), legs, customer.maxConcurrentCalls())) {
            return refusal("max_concurrent_calls", "The customer's limit of " + customer.maxConcurrentCalls()
                    + " concurrent calls would be exceeded (" + usage.customerLive() + " live, " + legs
                    + " asked); no call was placed.", concurrentRetryAfter);
        }
        if (full(usage.platformThisSecond(), platform.callsPerSecond())) {
            return refusal("platform_calls_per_second", "The platform's ceiling of " + platform.callsPerSecond()
                    + " calls per second is reached; no call was placed.", 1);
        }
        if (over(usage.platformLive(), legs, platform.maxConcurrentCalls())) {
            return refusal("platform_max_concurrent_calls", "The platform's ceiling of "
                    + platform.maxConcurrentCalls() + " concurrent calls would be exceeded; no call was placed.",
                    concurrentRetryAfter);
        }
        return null;
    }

    /** A refusal the counters do not explain (the database's rule and {@link #judge} disagree: a bug, logged). */
    public static Refusal unexplained(int retryAfter) {
        return refusal("unknown", "The outbound limits are reached; no call was placed.", retryAfter);
    }

    private static boolean full(long used, int limit) {
        return limit > 0 && used >= limit;
    }

    private static boolean over(long live, int legs, int limit) {
        return limit > 0 && live + legs > limit;
    }

    private static Refusal refusal(String limit, String message, int retryAfter) {
        return new Refusal(limit, ApiError.retryLater(ErrorStatus.RESOURCE_EXHAUSTED, RATE_LIMIT_EXCEEDED, message,
                Math.max(1, retryAfter)));
    }

    // ---- fan-out ----

    /**
     * Legs of a request after agent expansion: every destination's addresses (a tel or sip destination is its own
     * one), each distinct address once (the same tel number written twice, or reached through two agents, is one).
     */
    public static int distinctLegs(List<List<Address>> expanded) {
        Set<String> seen = new HashSet<>();
        for (List<Address> addresses : expanded) {
            for (Address a : addresses) {
                seen.add(key(a));
            }
        }
        return seen.size();
    }

    /**
     * Legs rung at the same moment: every one for ring_all (and for {@code POST /v1/calls}); for a linear
     * groupcall the largest single destination (an agent's addresses ring together), duplicates removed.
     */
    public static int legsAtOnce(List<List<Address>> expanded, boolean linear) {
        if (!linear) {
            return distinctLegs(expanded);
        }
        int most = 0;
        for (List<Address> addresses : expanded) {
            most = Math.max(most, distinctLegs(List.of(addresses)));
        }
        return most;
    }

    /** 400 TOO_MANY_LEGS naming the limit, or null when {@code legs} is within {@code cap} (0: no cap). */
    public static ApiError tooManyLegs(int legs, int cap) {
        if (cap <= 0 || legs <= cap) {
            return null;
        }
        String message = "The request would place " + legs + " legs after agent expansion (duplicates removed); the"
                + " limit is " + cap + " legs per request (max_legs_per_request).";
        return new ApiError(ErrorStatus.INVALID_ARGUMENT, TOO_MANY_LEGS, message, null,
                List.of(new FieldViolation("destinations", TOO_MANY_LEGS)));
    }

    /**
     * 503 RTP_PORTS_EXHAUSTED when this instance's RTP ports cannot carry {@code legs} more calls: a customer's
     * calls leave {@code reserved} ports free for super-admins' provider calls, which may use the whole range.
     */
    public static ApiError rtpRefusal(int inUse, int capacity, int legs, int reserved, boolean providerCall,
                                      int retryAfter) {
        int usable = providerCall ? capacity : capacity - Math.max(0, reserved);
        if (inUse + legs <= usable) {
            return null;
        }
        return ApiError.retryLater(ErrorStatus.UNAVAILABLE, RTP_PORTS_EXHAUSTED, "This call-manager has no free RTP"
                + " port for " + legs + " more call" + (legs == 1 ? "" : "s") + " (" + inUse + " of " + capacity
                + " in use" + (providerCall ? "" : ", " + reserved + " kept for provider test calls")
                + "); no call was placed.", Math.max(1, retryAfter));
    }

    /** 400 DUPLICATE_DESTINATION: the address is already rung by this request, so it is not rung twice. */
    public static ApiError duplicate(Address a) {
        return ApiError.of(ErrorStatus.INVALID_ARGUMENT, DUPLICATE_DESTINATION, "The " + a.type() + " address "
                + a.target() + " is already rung by this request; it is not rung twice.");
    }

    /**
     * The same address however it was written: a tel number in E.164, a sip target without scheme, in lower case.
     * Placement rings each key once per request (a duplicate leg gets {@link #duplicate}).
     */
    public static String key(Address a) {
        String target = a.target() == null ? "" : a.target().trim();
        if ("tel".equals(a.type())) {
            try {
                return "tel:" + E164.normalise(target);
            } catch (IllegalArgumentException e) {
                return "tel:" + target;
            }
        }
        String lower = target.toLowerCase(Locale.ROOT);
        return a.type() + ":" + (lower.startsWith("sip:") ? lower.substring(4) : lower);
    }
}
