package io.provtest.common.rpc;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import org.jboss.logging.Logger;

/** Turns one request into one reply through the routing table; nothing a handler does escapes as an exception. */
public final class RpcDispatcher {

    private static final Logger LOG = Logger.getLogger(RpcDispatcher.class);

    private final RpcRouter router;

    public RpcDispatcher(RpcRouter router) {
        this.router = router;
    }

    public RpcResponse dispatch(RpcRequest request) {
        if (request.uri() == null || request.method() == null) {
            return RpcResponse.failure(ApiError.of(ErrorStatus.INVALID_ARGUMENT, "INVALID_REQUEST",
                    "The request envelope needs uri and method."));
        }
        RpcRouter.Match match = router.match(request.method(), request.uri());
        if (match == null) {
            return RpcResponse.failure(ApiError.of(ErrorStatus.NOT_FOUND, "ROUTE_NOT_FOUND",
                    "No handler for " + request.method() + " " + request.uri() + "."));
        }
        RpcCall call = new RpcCall(request.method().toUpperCase(), match.path(), match.pathParams(), match.query(),
                request.data(), request.requestId(), request.publisher());
        try {
            Object result = match.handler().handle(call);
            return result instanceof RpcResponse response ? response : RpcResponse.ok(result);
        } catch (ServiceException e) {
            return RpcResponse.failure(e);
        } catch (Exception | LinkageError | AssertionError e) {
            LOG.errorf(e, "handler for %s %s failed", request.method(), request.uri());
            return RpcResponse.failure(ApiError.of(ErrorStatus.INTERNAL, "INTERNAL", "An internal error occurred."));
        }
    }
}
