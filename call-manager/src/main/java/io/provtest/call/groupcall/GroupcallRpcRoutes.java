package io.provtest.call.groupcall;

import io.provtest.call.address.DestinationGuard;
import io.provtest.call.call.CreateOnce;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;

/** call-manager's groupcall endpoints on the RPC backbone. */
@Singleton
public class GroupcallRpcRoutes implements RpcRoutes {

    private final GroupcallService service;
    private final DestinationGuard guard;
    private final CreateOnce once;

    public GroupcallRpcRoutes(GroupcallService service, DestinationGuard guard, CreateOnce once) {
        this.service = service;
        this.guard = guard;
        this.once = once;
    }

    /**
     * A customer's groupcall rings sip destinations at their own hosts: one whose host is a refused address literal
     * refuses the whole request before anything is created (a forced groupcall dials the provider's host instead).
     */
    private GroupcallRequest checked(GroupcallRequest request) {
        if (!request.metadata().forced()) {
            guard.refuseLiterals(request.destinations());
        }
        return request;
    }

    @Override
    public void register(RpcRouter router) {
        router.post("/v1/groupcalls", call -> once.serve("/v1/groupcalls", call.data(),
                        () -> service.create(checked(GroupcallRequest.parse(call.data())))))
                .waitingOnOthers()
                .get("/v1/groupcalls", call -> service.list(Ids.parseId(call.query("customer_id")),
                        call.query("page_token"), PageToken.clampPageSize(call.query("page_size"))))
                .get("/v1/groupcalls/{id}", call -> service.get(call.pathId("id")))
                .post("/v1/groupcalls/{id}/hangup", call -> service.hangup(call.pathId("id")))
                .delete("/v1/groupcalls/{id}", call -> service.delete(call.pathId("id")));
    }
}
