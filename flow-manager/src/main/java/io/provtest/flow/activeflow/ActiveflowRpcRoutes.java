package io.provtest.flow.activeflow;

import io.provtest.common.api.flow.CreateActiveflowRequest;
import io.provtest.common.api.flow.NextActionRequest;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import io.provtest.common.rpc.WarmupRequest;
import jakarta.inject.Singleton;
import java.util.List;

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

    /**
     * What call-manager asks for each call, refused without a trace: an activeflow of a flow that does not exist (the
     * start's statement runs in its transaction and finds no flow), a provider call's actions with one the validator
     * refuses after checking the others, and the next step of an unknown activeflow.
     */
    @Override
    public List<WarmupRequest> warmup() {
        return List.of(
                WarmupRequest.post(id -> "/v1/activeflows", id -> CreateActiveflowRequest.forCall(id, id),
                        "FLOW_NOT_FOUND"),
                WarmupRequest.post(id -> "/v1/activeflows", id -> CreateActiveflowRequest.forCall(id, id,
                        new CreateActiveflowRequest.TemporaryFlow(id, "", Json.parse("""
                                [{"type":"answer"},{"type":"talk","option":{"text":"warm-up","language":"en-US"}},
                                 {"type":"hangup"},{"type":"warm-up"}]"""))), "INVALID_ACTION_TYPE"),
                WarmupRequest.post(id -> "/v1/activeflows/" + id + "/next", id -> new NextActionRequest(id),
                        "ACTIVEFLOW_NOT_FOUND"));
    }
}
