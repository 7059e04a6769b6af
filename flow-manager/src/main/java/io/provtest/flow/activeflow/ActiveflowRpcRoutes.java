package io.provtest.flow.activeflow;

import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;

/** flow-manager's activeflow endpoints, used by call-manager. */
@Singleton
public class ActiveflowRpcRoutes implements RpcRoutes {

    private final ActiveflowService service;

    public ActiveflowRpcRoutes(ActiveflowService service) {
        this.service = service;
    }

    @Override
    public void register(RpcRouter router) {
        router.post("/v1/activeflows", call -> service.create(call.data()))
                .get("/v1/activeflows/{id}", call -> service.get(call.pathId("id")))
                .post("/v1/activeflows/{id}/next", call -> service.next(call.pathId("id"), call.data()))
                .post("/v1/activeflows/{id}/stop", call -> service.stop(call.pathId("id")));
    }
}
