package io.provtest.route.provider;

import io.provtest.common.page.PageToken;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import io.provtest.common.rpc.WarmupRequest;
import jakarta.inject.Singleton;
import java.util.List;

/** route-manager's provider endpoints on the RPC backbone. */
@Singleton
public class ProviderRpcRoutes implements RpcRoutes {

    private final ProviderService service;

    public ProviderRpcRoutes(ProviderService service) {
        this.service = service;
    }

    @Override
    public void register(RpcRouter router) {
        router.post("/v1/providers", call -> service.create(ProviderValidator.validate(call.data())))
                .get("/v1/providers", call -> service.list(call.query("health_status"), call.query("page_token"),
                        PageToken.clampPageSize(call.query("page_size"))))
                .get("/v1/providers/{id}", call -> service.get(call.pathId("id")))
                .put("/v1/providers/{id}", call -> service.replace(call.pathId("id"),
                        ProviderValidator.validate(call.data())))
                .delete("/v1/providers/{id}", call -> service.delete(call.pathId("id")))
                .post("/v1/providers/{id}/preview", call -> service.preview(call.pathId("id"),
                        call.body(ProviderService.PreviewRequest.class)));
    }

    /** A read of a provider that does not exist. */
    @Override
    public List<WarmupRequest> warmup() {
        return List.of(WarmupRequest.get(id -> "/v1/providers/" + id, "PROVIDER_NOT_FOUND"));
    }
}
