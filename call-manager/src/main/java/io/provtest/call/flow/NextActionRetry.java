package io.provtest.call.flow;

import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.rpc.RpcTransportException;
import java.time.Duration;

/**
 * Whether a call asks flow-manager again for its next action after a failure, and after what pause. Retried: a failure
 * of the transport (the broker unreachable or restarting, the answer lost, no answer in time: the question never
 * reached flow-manager, or its answer never came back), and a "not now" flow-manager answered with a retry hint (its
 * database out of reach, 503 {@code DATABASE_UNAVAILABLE}, or busy: nothing was done). Asking again is safe: the next
 * action after a given one is the same answer twice. Any other typed error flow-manager answered is final: asking
 * again would get it again. Bounded (with the default six retries doubling from 500 ms, about 23 s: a PostgreSQL
 * restart here takes 5-20 s), so a call whose flow-manager is away for good still ends with a cause.
 */
final class NextActionRetry {

    /** The pause doubles up to this many times the first one. */
    static final int MAX_DOUBLINGS = 4;

    private NextActionRetry() {
    }

    /** The pause before retry number {@code retried + 1}, or null to give up (the call then ends as failed). */
    static Duration pauseBefore(Throwable failure, int retried, int maxRetries, Duration firstPause) {
        if (!worthAskingAgain(failure) || retried >= maxRetries) {
            return null;
        }
        return firstPause.multipliedBy(1L << Math.min(retried, MAX_DOUBLINGS));
    }

    private static boolean worthAskingAgain(Throwable failure) {
        if (failure instanceof RpcTransportException) {
            return true;
        }
        return failure instanceof ServiceException e && e.error().status() == ErrorStatus.UNAVAILABLE
                && e.error().retryAfterSeconds() != null;
    }
}
