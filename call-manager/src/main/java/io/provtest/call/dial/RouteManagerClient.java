package io.provtest.call.dial;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.engine.CallConfig;
import io.provtest.common.json.Json;
import io.provtest.common.model.Provider;
import io.provtest.common.model.Route;
import io.provtest.common.rpc.RpcClient;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** call-manager's questions to route-manager. Typed errors come back as {@link io.provtest.common.error.ServiceException}. */
@Singleton
public class RouteManagerClient {

    private final RpcClient rpc;
    private final CallConfig config;

    public RouteManagerClient(RpcClient rpc, CallConfig config) {
        this.rpc = rpc;
        this.config = config;
    }

    public List<Route> dialroutes(UUID customerId, String target, List<UUID> forcedProviders) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("customer_id", customerId.toString());
        query.put("target", target);
        query.put("target_provider_ids", forcedProviders.stream().map(UUID::toString).toList());
        JsonNode data = rpc.call("route-manager", "GET", "/v1/dialroutes", query, config.routeManagerTimeout())
                .dataOrThrow();
        List<Route> routes = new ArrayList<>();
        data.forEach(r -> routes.add(Json.convert(r, Route.class)));
        return routes;
    }

    /** The provider as stored, deleted ones included (the caller refuses those). */
    public Provider provider(UUID id) {
        return rpc.call("route-manager", "GET", "/v1/providers/" + id, null, config.routeManagerTimeout())
                .dataAs(Provider.class);
    }
}
