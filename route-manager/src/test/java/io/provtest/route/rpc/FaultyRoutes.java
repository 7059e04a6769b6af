package io.provtest.route.rpc;

import io.provtest.common.rpc.RpcResponse;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;

/**
 * Test-only routes: a handler with a bug, to prove the consumer survives it, and a slow route on the bounded
 * orchestration pool, to fill it.
 */
@Singleton
public class FaultyRoutes implements RpcRoutes {

    @Override
    public void register(RpcRouter router) {
        router.get("/v1/test/boom", call -> {
            throw new IllegalStateException("a bug in a handler");
        });
        router.post("/v1/test/slow-orchestration", call -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RpcResponse.ok("done");
        }).waitingOnOthers();
    }
}
