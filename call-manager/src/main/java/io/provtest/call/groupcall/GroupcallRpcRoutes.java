package io.provtest.call.groupcall;

import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;

/** call-manager's groupcall endpoints on the RPC backbone. */
@Singleton
public class GroupcallRpcRoutes implements RpcRoutes {

    private final GroupcallService service;

    public GroupcallRpcRoutes(GroupcallService service) {
        this.service = service;
    }

    @Override
    public void register(RpcRouter router) {
        router.post("/v1/groupcalls", call -> service.create(GroupcallRequest.parse(call.data()))).waitingOnOthers()
                .get("/v1/groupcalls", call -> service.list(Ids.parseId(call.query("customer_id")),
                        call.query("page_token"), PageToken.clampPageSize(call.query("page_size"))))
                .get("/v1/groupcalls/{id}", call -> service.get(call.pathId("id")))
                .post("/v1/groupcalls/{id}/hangup", call -> service.hangup(call.pathId("id")))
                .delete("/v1/groupcalls/{id}", call -> service.delete(call.pathId("id")));
    }
}
