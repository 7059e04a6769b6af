package io.provtest.common.rpc;

/**
 * Handles one routed request. The returned object is the 200 reply's data, unless it is an {@link RpcResponse}
 * (then sent as is). A {@link io.provtest.common.error.ServiceException} becomes its typed reply; anything else
 * thrown becomes a typed 500 and the consumer carries on.
 */
@FunctionalInterface
public interface RpcHandler {
    Object handle(RpcCall call) throws Exception;
}
