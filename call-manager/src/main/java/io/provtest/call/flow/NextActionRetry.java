package io.provtest.call.flow;

import io.provtest.common.rpc.RpcTransportException;
import java.time.Duration;

/**
 * Whether a call asks flow-manager again for its next action after a failure, and after what pause. Only a failure of
 * the transport is retried (the broker unreachable or restarting, the answer lost, no answer in time): the question
 * never reached flow-manager, or its answer never came back, and asking again is safe (the next action after a given
 * one is the same answer twice). A typed error flow-manager answered is final: asking again would get it again.
 * Bounded, so a call whose flow-manager is away for good still ends with a cause.
 */
final class NextActionRetry {

    /** The pause doubles up to this many times the first one. */
    static final int MAX_DOUBLINGS = 4;

    private NextActionRetry() {
    }

    /** The pause before retry number {@code retried + 1}, or null to give up (the call then ends as failed). */
    static Duration pauseBefore(Throwable failure, int retried, int maxRetries, Duration firstPause) {
        if (!(failure instanceof RpcTransportException) || retried >= maxRetries) {
            return null;
        }
        return firstPause.multipliedBy(1L << Math.min(retried, MAX_DOUBLINGS));
    }
}
