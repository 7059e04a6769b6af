package io.provtest.common.rpc;

import io.smallrye.common.vertx.ContextLocals;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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
    private final String deliveryId;

    private RpcContext(String requestId, Long deadline, String deliveryId) {
        this.requestId = requestId;
        this.deadline = deadline;
        this.deliveryId = deliveryId;
    }

    /**
     * The id of the request message being served (its AMQP correlation id): the same when the broker delivers it
     * again (after the consumer died before acknowledging it), different for every new send. Null outside a request.
     */
    public static String currentDeliveryId() {
        RpcContext context = CURRENT.get();
        return context == null ? null : context.deliveryId;
    }

    public static RpcContext current() {
        return CURRENT.get();
    }

    /**
     * The request id of the work running here: the thread's (RPC workers, SIP and engine threads), or, on a Vert.x
     * duplicated context (reactive persistence, see {@code db.Db}), the one bound to that context.
     */
    public static String currentRequestId() {
        RpcContext context = CURRENT.get();
        if (context != null) {
            return context.requestId;
        }
        Context vertx = Vertx.currentContext();
        if (vertx != null && io.smallrye.common.vertx.VertxContext.isDuplicatedContext(vertx)) {
            return ContextLocals.<String>get(MDC_KEY).orElse(null);
        }
        return null;
    }

    /**
     * Carries a request id onto the current Vert.x duplicated context (its own log MDC included), so reactive work
     * started for a request logs it and stamps it on the events it publishes.
     */
    public static void bindToVertxContext(String requestId) {
        Context vertx = Vertx.currentContext();
        if (requestId != null && vertx != null && io.smallrye.common.vertx.VertxContext.isDuplicatedContext(vertx)) {
            ContextLocals.put(MDC_KEY, requestId);
            MDC.put(MDC_KEY, requestId);
        }
    }

    /** Milliseconds left before the current deadline, or null when no deadline applies. */
    public static Long remainingMillis() {
        RpcContext context = CURRENT.get();
        return context == null || context.deadline == null ? null : context.deadline - System.currentTimeMillis();
    }

    /** Binds a request id and deadline to this thread (and the log MDC) until the returned scope is closed. */
    public static Scope open(String requestId, Long deadline) {
        return open(requestId, deadline, null);
    }

    /** As {@link #open(String, Long)}, for a request message with this delivery id. */
    public static Scope open(String requestId, Long deadline, String deliveryId) {
        RpcContext previous = CURRENT.get();
        // the log MDC as it was: on a Vert.x event loop it is the HTTP request's own (kept with its context), which a
        // scope opened around one RPC of that request must give back rather than clear
        Object previousMdc = MDC.get(MDC_KEY);
        CURRENT.set(new RpcContext(requestId, deadline, deliveryId));
        if (requestId != null) {
            MDC.put(MDC_KEY, requestId);
        }
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
            if (previousMdc != null) {
                MDC.put(MDC_KEY, previousMdc);
            } else {
                MDC.remove(MDC_KEY);
            }
        };
    }

    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
