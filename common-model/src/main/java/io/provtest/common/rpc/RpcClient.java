package io.provtest.common.rpc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Request/reply to another service's request queue. Failures of the transport (timeout, unknown service, broker
 * down) complete the future with a typed {@code UNAVAILABLE} {@link io.provtest.common.error.ServiceException};
 * a typed error from the server arrives as a normal {@link RpcResponse} carrying it.
 */
public interface RpcClient {

    CompletableFuture<RpcResponse> send(String service, String method, String uri, Object data, Duration timeout);

    /** Blocking form for worker threads: the reply, or the transport failure thrown. */
    RpcResponse call(String service, String method, String uri, Object data, Duration timeout);
}
