package io.provtest.route.providercall;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.route.CreateProvidercallRequest;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import io.provtest.common.rpc.WarmupRequest;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;

/**
 * route-manager's provider-call endpoints. The gateway sends {@code {"customer_id","created_by","idempotency_key",
 * "customer_status","request":{…the admin's body…}}}: who asks (and whether its customer is frozen) comes from
 * authentication and the gateway's customer record, never from the body.
 */
@Singleton
public class ProviderCallRpcRoutes implements RpcRoutes {

    private final ProviderCallService service;

    public ProviderCallRpcRoutes(ProviderCallService service) {
        this.service = service;
    }

    @Override
    public void register(RpcRouter router) {
        router.post("/v1/providercalls", call -> service.create(command(call.data()))).waitingOnOthers()
                .get("/v1/providercalls", call -> {
                    String provider = call.query("provider_id");
                    return service.list(provider == null || provider.isEmpty() ? null : Ids.parseId(provider),
                            call.query("page_token"), PageToken.clampPageSize(call.query("page_size")));
                })
                .get("/v1/providercalls/{id}", call -> service.get(call.pathId("id")))
                .get("/v1/providercalls/{id}/report", call -> service.report(call.pathId("id"))).waitingOnOthers()
                .delete("/v1/providercalls/{id}", call -> service.delete(call.pathId("id")));
    }

    /**
     * A provider call as the console and the benchmark send it, to a provider that does not exist: parsed and
     * checked whole, refused at the provider's read, before anything is written; and a read of an unknown record.
     */
    @Override
    public List<WarmupRequest> warmup() {
        return List.of(
                WarmupRequest.post(id -> "/v1/providercalls", id -> new CreateProvidercallRequest(id, id, null, null,
                        Json.parse("""
                                {"provider_id":"%s","source":{"type":"tel","target":"+14155551234"},
                                 "destinations":[{"type":"tel","target":"+821012345678"}],
                                 "actions":[{"type":"answer"},{"type":"hangup"}]}""".formatted(id))),
                        "PROVIDER_NOT_FOUND"),
                WarmupRequest.get(id -> "/v1/providercalls/" + id, "PROVIDERCALL_NOT_FOUND"));
    }

    private static ProviderCallService.CreateCommand command(JsonNode data) {
        if (data == null || !Ids.isUuid(data.path("customer_id").asText(null))
                || !Ids.isUuid(data.path("created_by").asText(null))) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "customer_id and created_by are required.");
        }
        return new ProviderCallService.CreateCommand(UUID.fromString(data.get("customer_id").asText()),
                UUID.fromString(data.get("created_by").asText()), data.path("idempotency_key").asText(null),
                data.get("request"), data.path("customer_status").asText(null));
    }
}
