package io.provtest.common.rpc;

import org.jboss.logging.MDC;

/**
 * What the request being handled on this thread carries onwards: its request id (into logs, inner RPCs and events)
 * and its deadline (inner RPCs never wait past it).
 */
public final class RpcContext {

    public static final String MDC_KEY = "request_id";
    private static final ThreadLocal<RpcContext> CURRENT = new ThreadLocal<>();

    private final String requestId;
    private final Long deadline;

    private RpcContext(String requestId, Long deadline) {
        this.requestId = requestId;
        this.deadline = deadline;
    }

    public static RpcContext current() {
        return CURRENT.get();
    }

    public static String currentRequestId() {
        RpcContext context = CURRENT.get();
        return context == null ? null : context.requestId;
    }

    /** Milliseconds left before the current deadline, or null when no deadline applies. */
    public static Long remainingMillis() {
        RpcContext context = CURRENT.get();
        return context == null || context.deadline == null ? null : context.deadline - System.currentTimeMillis();
    }

    /** Binds a request id and deadline to this thread (and the log MDC) until the returned scope is closed. */
    public static Scope open(String requestId, Long deadline) {
        RpcContext previous = CURRENT.get();
        CURRENT.set(new RpcContext(requestId, deadline));
        if (requestId != null) {
            MDC.put(MDC_KEY, requestId);
        }
        return () -> {
            if (previous == null) {
                CURRENT.remove();
                MDC.remove(MDC_KEY);
            } else {
                CURRENT.set(previous);
                if (previous.requestId != null) {
                    MDC.put(MDC_KEY, previous.requestId);
                }
            }
        };
    }

    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
