package io.provtest.common.rpc;

/**
 * Pure: what an RPC server says of an answer that goes out after its caller's deadline, so that a caller's
 * {@code REQUEST_TIMEOUT} can be traced to where the time went: before the request reached this service (the
 * caller's own wait, the broker, the prefetch window), waiting for a worker here, or in the handler.
 */
final class LateAnswer {

    private LateAnswer() {
    }

    /**
     * Null when the answer is on time (or the request named no deadline); all times are epoch milliseconds:
     * {@code received} when the consumer took the request, {@code started} when a worker began it, {@code finished}
     * when the handler returned.
     */
    static String describe(Long deadline, long received, long started, long finished) {
        if (deadline == null || finished <= deadline) {
            return null;
        }
        // a request taken after its deadline is dropped unserved, so it was received before it
        return "answered " + (finished - deadline) + " ms after its caller's deadline: received "
                + (deadline - received) + " ms before it, waited " + (started - received)
                + " ms for a worker, handled in " + (finished - started) + " ms";
    }

    /** What an RPC server says of a request it drops because its deadline passed while it waited for a worker. */
    static String dropped(long deadline, long received, long started) {
        return "dropped: its caller gave up before it was picked up (received " + (deadline - received)
                + " ms before its deadline, waited " + (started - received) + " ms for a worker)";
    }
}
