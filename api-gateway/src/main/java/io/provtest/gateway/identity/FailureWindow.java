package io.provtest.gateway.identity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed attempts per key in fixed windows: after {@code maxFailures} failures within {@code windowMs} of the
 * window's first failure, the key waits until that window ends. A success clears the key. The clock is passed in,
 * so the rule is tested without sleeping. Bounded: past {@link #MAX_KEYS} keys, ended windows are swept.
 */
final class FailureWindow {

    static final int MAX_KEYS = 100_000;

    private record Window(long start, int failures) {
    }

    private final int maxFailures;
    private final long windowMs;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    FailureWindow(int maxFailures, long windowMs) {
        this.maxFailures = maxFailures;
        this.windowMs = windowMs;
    }

    /** Whole seconds until {@code key} may try again; 0 when it may now. */
    long retryAfterSeconds(String key, long nowMs) {
        Window w = windows.get(key);
        if (w == null || w.failures < maxFailures || nowMs >= w.start + windowMs) {
            return 0;
        }
        return Math.max(1, (w.start + windowMs - nowMs + 999) / 1000);
    }

    void failed(String key, long nowMs) {
        if (windows.size() >= MAX_KEYS) {
            windows.values().removeIf(w -> nowMs >= w.start + windowMs);
        }
        windows.compute(key, (k, w) -> w == null || nowMs >= w.start + windowMs ? new Window(nowMs, 1)
                : new Window(w.start, w.failures + 1));
    }

    void succeeded(String key) {
        windows.remove(key);
    }
}
