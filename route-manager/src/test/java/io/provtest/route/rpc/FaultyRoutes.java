package io.provtest.route.rpc;

import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;

/** Test-only routes: a handler with a bug, to prove the consumer survives it. */
@Singleton
public class FaultyRoutes implements RpcRoutes {

    @Override
    public void register(RpcRouter router) {
        router.get("/v1/test/boom", call -> {
            throw new IllegalStateException("a bug in a handler");
        });
    }
}
