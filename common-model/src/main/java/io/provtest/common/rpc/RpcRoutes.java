package io.provtest.common.rpc;

/** A CDI bean per domain that adds its (method, uri template) → handler rows to the service's routing table. */
public interface RpcRoutes {
    void register(RpcRouter router);
}
