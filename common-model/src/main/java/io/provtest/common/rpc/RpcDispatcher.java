package io.provtest.common.rpc;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import org.jboss.logging.Logger;

/**
 * Turns one request into one reply, encoded as it goes on the wire ({@link RpcReplies}): whatever a handler throws,
 * a stack overflow included, becomes a typed reply; only the JVM's other errors (out of memory) escape.
 */
public final class RpcDispatcher {

    private static final Logger LOG = Logger.getLogger(RpcDispatcher.class);

    private RpcDispatcher() {
    }

    /**
     * The reply to {@code request}, whose route the caller has matched already ({@link RpcRouter#match}, null when
     * none matched): the server matches once per request, on its consumer thread, to pick the pool.
     */
    public static byte[] dispatch(RpcRequest request, RpcRouter.Match match) {
        if (request.uri() == null || request.method() == null) {
            return RpcReplies.of(RpcResponse.failure(ApiError.of(ErrorStatus.INVALID_ARGUMENT, "INVALID_REQUEST",
                    "The request envelope needs uri and method.")));
        }
        if (match == null) {
            return RpcReplies.of(RpcResponse.failure(ApiError.of(ErrorStatus.NOT_FOUND, "ROUTE_NOT_FOUND",
                    "No handler for " + request.method() + " " + request.uri() + ".")));
        }
        RpcCall call = new RpcCall(request.method().toUpperCase(), match.path(), match.pathParams(), match.query(),
                request.data(), request.requestId(), request.publisher());
        try {
            Object result = match.handler().handle(call);
            // encoded here, inside the guard: a result that cannot be written is a typed 500 too
            return result instanceof RpcResponse response ? RpcReplies.of(response) : RpcReplies.success(result);
        } catch (ServiceException e) {
            return RpcReplies.of(RpcResponse.failure(e));
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            // a stack overflow has unwound by the time it is caught, so the thread is sound and the caller gets its
            // answer; other VirtualMachineErrors (out of memory) still escape: nothing here can be trusted after them
            LOG.errorf(e, "handler for %s %s failed", request.method(), request.uri());
            return RpcReplies.of(RpcResponse.failure(ApiError.of(ErrorStatus.INTERNAL, "INTERNAL",
                    "An internal error occurred.")));
        }
    }
}
