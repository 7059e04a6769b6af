package io.provtest.flow.flow;

import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;

/** flow-manager's flow endpoints on the RPC backbone. */
@Singleton
public class FlowRpcRoutes implements RpcRoutes {

    private final FlowService service;

    public FlowRpcRoutes(FlowService service) {
        this.service = service;
    }

    @Override
    public void register(RpcRouter router) {
        router.post("/v1/flows", call -> service.create(call.data()))
                .get("/v1/flows", call -> service.list(Ids.parseId(call.query("customer_id")), call.query("page_token"),
                        PageToken.clampPageSize(call.query("page_size"))))
                .get("/v1/flows/{id}", call -> service.get(call.pathId("id")))
                .put("/v1/flows/{id}", call -> service.update(call.pathId("id"), call.data()))
                .delete("/v1/flows/{id}", call -> service.delete(call.pathId("id")));
    }
}
