package io.provtest.route.health;

import java.util.Set;

/** Where a probe result turns into health: hysteresis on consecutive counts, a moving average of round trips. */
public final class HealthPolicy {

    static final double RTT_WEIGHT = 0.3;

    private HealthPolicy() {
    }

    public record State(String status, int successes, int failures, Double rttMs) {
    }

    /** One probe: the reply code, or null when none came in time. */
    public record Probe(Integer code, Double rttMs) {
    }

    public record Verdict(State state, String reason, boolean flipped) {
    }

    public static boolean alive(Integer code, Set<Integer> aliveCodes) {
        return code != null && (code >= 200 && code < 300 || aliveCodes.contains(code));
    }

    public static Verdict apply(State current, Probe probe, int failuresToUnhealthy, int successesToHealthy,
                                Set<Integer> aliveCodes) {
        boolean ok = alive(probe.code(), aliveCodes);
        int successes = ok ? current.successes() + 1 : 0;
        int failures = ok ? 0 : current.failures() + 1;
        String status = current.status();
        if (ok && successes >= successesToHealthy) {
            status = "healthy";
        } else if (!ok && failures >= failuresToUnhealthy) {
            status = "unhealthy";
        }
        Double rtt = current.rttMs();
        if (probe.rttMs() != null && probe.code() != null) {
            rtt = rtt == null ? probe.rttMs() : rtt + RTT_WEIGHT * (probe.rttMs() - rtt);
        }
        String reason = probe.code() == null ? "timeout" : String.valueOf(probe.code());
        return new Verdict(new State(status, successes, failures, rtt), reason, !status.equals(current.status()));
    }
}
