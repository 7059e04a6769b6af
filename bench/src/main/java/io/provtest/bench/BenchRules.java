package io.provtest.bench;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The benchmark's counting rules, kept pure so that what counts as refused or failed is pinned by a test. */
final class BenchRules {

    private BenchRules() {
    }

    /**
     * A refusal is a typed "not now" answered instead of taking the call: {@code SERVICE_BUSY} (or any other
     * {@code *_BUSY} reason) and {@code 429 RESOURCE_EXHAUSTED}. A refused call costs the carrier nothing and is what
     * admission control must answer above the ceiling, so it is counted apart from failures. Anything else that is not
     * an accepted call (a timeout, a service that is not running, an internal error) is a failure.
     */
    static boolean isRefusal(ApiError error) {
        if (error == null) {
            return false;
        }
        String reason = error.reason() == null ? "" : error.reason();
        return reason.endsWith("_BUSY") || error.status() == ErrorStatus.RESOURCE_EXHAUSTED;
    }

    /**
     * What kind of refusal it was, for counting: the reason and the message with its numbers as {@code N} (so "the
     * engine is 312 ms behind" and "… 280 ms behind" count together) and without its retry hint, which every
     * refusal carries. Tells apart an engine that is late from one that is setting up too many calls or waiting on
     * its database, and from route-manager's limit of orchestrations in flight.
     */
    static String refusalKind(ApiError error) {
        String message = error.message() == null ? "" : error.message();
        message = message.replaceFirst("^No call was placed: ", "")
                .replaceFirst("(?i)[.;]? ?retry after [0-9]+ s\\.$", "");
        return error.reason() + " (" + message.replaceAll("\\b[0-9]+(\\.[0-9]+)?\\b", "N") + ")";
    }

    /** Nearest-rank percentile (p in 0..100); NaN for no values. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p / 100 * (sorted.size() - 1))));
    }

    /**
     * When the calls of a phase are counted: the carrier hangs up {@code carrierPauseMs} after our ACK, so a call
     * accepted by the last create reply has had its BYE due by then plus {@code graceMs}; any call still up at that
     * moment is late or stuck (a healthy engine answers, ACKs and ends each call within milliseconds).
     */
    static long liveCheckAt(long lastReplyAtMs, long carrierPauseMs, long graceMs) {
        return lastReplyAtMs + carrierPauseMs + graceMs;
    }

    /** Ours / SIPp alone, NaN when SIPp alone did nothing. */
    static double ratio(double ours, double alone) {
        return alone > 0 ? ours / alone : Double.NaN;
    }
}
