package io.provtest.call.call;

import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;
import java.util.Map;

/** call-manager's call endpoints on the RPC backbone (placing calls is {@code placement}'s). */
@Singleton
public class CallRpcRoutes implements RpcRoutes {

    private final CallService service;

    public CallRpcRoutes(CallService service) {
        this.service = service;
    }

    @Override
    public void register(RpcRouter router) {
        router.get("/v1/calls", call -> service.list(Ids.parseId(call.query("customer_id")),
                        call.query("page_token"), PageToken.clampPageSize(call.query("page_size"))))
                .get("/v1/calls/{id}", call -> service.get(call.pathId("id")))
                .post("/v1/calls/{id}/hangup", call -> service.hangup(call.pathId("id")))
                .delete("/v1/calls/{id}", call -> service.delete(call.pathId("id")))
                // view=customer: the gateway asks so for anyone but a super-admin (provider details masked)
                .get("/v1/calls/{id}/sip-messages", call -> Map.of("result", service.sipMessages(call.pathId("id"),
                        "customer".equals(call.query("view")))));
    }
}
