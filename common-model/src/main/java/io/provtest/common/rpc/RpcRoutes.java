package io.provtest.common.rpc;

import java.util.List;

/** A CDI bean per domain that adds its (method, uri template) → handler rows to the service's routing table. */
public interface RpcRoutes {
    void register(RpcRouter router);

    /**
     * Requests to this domain's hot routes that the service sends itself before it serves, each refused without a
     * trace ({@link WarmupRequest}); none by default.
     */
    default List<WarmupRequest> warmup() {
        return List.of();
    }
}
