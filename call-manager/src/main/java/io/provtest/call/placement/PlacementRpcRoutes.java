package io.provtest.call.placement;

import io.provtest.call.call.CallService;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;

/**
 * {@code POST /v1/calls}: placing calls for a request's destinations, which may become calls or groupcalls. It sits
 * above both the call and the groupcall packages, so neither depends on the other through it.
 */
@Singleton
public class PlacementRpcRoutes implements RpcRoutes {

    private final OutgoingCalls outgoing;

    public PlacementRpcRoutes(OutgoingCalls outgoing) {
        this.outgoing = outgoing;
    }

    @Override
    public void register(RpcRouter router) {
        router.post("/v1/calls", call -> outgoing.create(CallService.parse(call.data()))).waitingOnOthers();
    }
}
