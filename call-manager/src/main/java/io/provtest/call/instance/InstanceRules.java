package io.provtest.call.instance;

import java.time.Duration;

/** The rules of leases and draining, pure (InstanceRulesTest). */
public final class InstanceRules {

    private InstanceRules() {
    }

    /**
     * A lease must survive a missed heartbeat or two (a GC pause, a slow statement) before anybody ends this
     * instance's calls: the TTL is at least three heartbeats. Returns the problem, or null when the pair is sound.
     */
    public static String leaseProblem(Duration heartbeat, Duration ttl) {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            return "call.lease.heartbeat-interval must be positive (got " + heartbeat + ")";
        }
        if (ttl.compareTo(heartbeat.multipliedBy(3)) < 0) {
            return "call.lease.ttl (" + ttl + ") must be at least three heartbeat intervals (" + heartbeat
                    + "), or a single late heartbeat would have a live instance's calls ended by another";
        }
        return null;
    }

    /** Why a call or groupcall of an instance gone for good was ended by a survivor (what an operator reads). */
    public static String goneCause(String deadInstance) {
        return "call-manager instance " + deadInstance + " stopped without handing over (its lease expired); its SIP"
                + " dialogs were lost and another instance ended the call.";
    }

    /** Why this instance ended its own live calls: a survivor took over its lease while it was cut off. */
    public static String leaseLostCause(String me) {
        return "call-manager instance " + me + " lost its lease (cut off from the database or paused too long) and"
                + " another instance took its calls over; the call was ended.";
    }

    /**
     * Why a survivor ended a call whose owning instance holds no lease at all: it was taken over while still running
     * and placed the call before it noticed, then stopped.
     */
    public static String unleasedCause(String owner) {
        return "call-manager instance " + owner + " holds no lease (another instance took it over while it was still"
                + " running, and it stopped before it noticed); its SIP dialogs were lost and another instance ended"
                + " what it left live.";
    }

    /** Why a call still live when a drain's grace ran out was ended. */
    public static String drainCause(String me, Duration grace) {
        return "call-manager instance " + me + " was shutting down and the call did not end within the drain grace of "
                + grace.toSeconds() + " s.";
    }

    /** What a drain does next. */
    public enum DrainStep { DONE, WAIT, END_REST }

    /** Done once no call is live; waits while the grace lasts; then ends the rest. */
    public static DrainStep drainStep(int liveCalls, Duration elapsed, Duration grace) {
        if (liveCalls == 0) {
            return DrainStep.DONE;
        }
        return elapsed.compareTo(grace) < 0 ? DrainStep.WAIT : DrainStep.END_REST;
    }
}
