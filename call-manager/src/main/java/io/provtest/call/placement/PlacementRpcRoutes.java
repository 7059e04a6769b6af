package io.provtest.call.placement;

import io.provtest.call.call.CallService;
import io.provtest.call.call.CreateOnce;
import io.provtest.common.api.call.CreateCallsRequest;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import io.provtest.common.rpc.WarmupRequest;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * {@code POST /v1/calls}: placing calls for a request's destinations, which may become calls or groupcalls. It sits
 * above both the call and the groupcall packages, so neither depends on the other through it.
 */
@Singleton
public class PlacementRpcRoutes implements RpcRoutes {

    private final OutgoingCalls outgoing;
    private final CreateOnce once;
    private final CallAdmission admission;

    public PlacementRpcRoutes(OutgoingCalls outgoing, CreateOnce once, CallAdmission admission) {
        this.outgoing = outgoing;
        this.once = once;
        this.admission = admission;
    }

    @Override
    public void register(RpcRouter router) {
        // served once per request key: a redelivered or repeated create answers its first result
        router.post("/v1/calls", call -> once.serve("/v1/calls", call.data(),
                () -> outgoing.create(CallService.parse(call.data())))).waitingOnOthers()
                // an engine too late to take a call says so before the request waits for an orchestration worker
                .gatedBy(admission::refusalNow)
                // what a POST /v1/calls with this request_key came to (route-manager's reconciliation asks)
                .get("/v1/calls/requests/{key}", call -> once.status("/v1/calls", call.pathParam("key")));
    }

    /**
     * A provider call's create as route-manager sends it, but for actions that are not a list: its key claimed and
     * given back, the whole body parsed and checked, refused before admission, the limits or any call; and the
     * status of a key never taken.
     */
    @Override
    public List<WarmupRequest> warmup() {
        return List.of(
                WarmupRequest.post(id -> "/v1/calls", id -> new CreateCallsRequest(null, id, id,
                        new Address("tel", "+14155551234", null, null, null),
                        List.of(new Address("tel", "+821012345678", null, null, null)), "",
                        new CreateCallsRequest.Metadata(List.of(id), true, true, id), Json.parse("\"warm-up\"")),
                        "INVALID_ARGUMENT"),
                WarmupRequest.get(id -> "/v1/calls/requests/" + id, "CREATE_REQUEST_NOT_FOUND"));
    }
}
