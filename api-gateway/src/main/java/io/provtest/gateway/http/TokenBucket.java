package io.provtest.gateway.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key: {@code burst} requests at once, refilled at {@code perSecond}. The clock is passed in, so
 * the rule is tested without sleeping. Bounded: past {@link #MAX_KEYS} keys, the buckets that have filled up again
 * (idle clients) are swept.
 */
final class TokenBucket {

    static final int MAX_KEYS = 100_000;

    private record State(double tokens, long atNanos) {
    }

    private final double perSecond;
    private final int burst;
    private final Map<String, State> buckets = new ConcurrentHashMap<>();

    TokenBucket(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
    }

    /** Takes a token for {@code key}: 0 when it had one, otherwise the whole seconds until it will (at least 1). */
    long take(String key, long nowNanos) {
        if (perSecond <= 0) {
            return 0;
        }
        if (buckets.size() >= MAX_KEYS) {
            buckets.values().removeIf(s -> refilled(s, nowNanos) >= burst);
        }
        double[] left = new double[1];
        buckets.compute(key, (k, s) -> {
            double tokens = s == null ? burst : refilled(s, nowNanos);
            left[0] = tokens;
            return new State(tokens >= 1 ? tokens - 1 : tokens, nowNanos);
        });
        if (left[0] >= 1) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - left[0]) / perSecond));
    }

    private double refilled(State s, long nowNanos) {
        return Math.min(burst, s.tokens + Math.max(0, nowNanos - s.atNanos) / 1e9 * perSecond);
    }
}
