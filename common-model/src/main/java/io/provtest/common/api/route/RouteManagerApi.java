package io.provtest.common.api.route;

import io.provtest.common.api.Operation;
import io.provtest.common.api.PathParam;
import io.provtest.common.api.QueryParam;
import io.provtest.common.api.RpcService;
import io.provtest.common.model.Provider;
import io.provtest.common.model.Route;
import io.provtest.common.page.Page;
import java.util.List;
import java.util.UUID;

/** route-manager's RPC contract, as call-manager (and the bench) use it (routes: route-manager's *RpcRoutes). */
@RpcService("route-manager")
public interface RouteManagerApi {

    /** The provider as stored, deleted ones included; 404 PROVIDER_NOT_FOUND when there is none. */
    @Operation(method = "GET", path = "/v1/providers/{id}")
    Provider provider(@PathParam("id") UUID id);

    /** One page of the live providers, newest first; {@code pageToken} null or "" for the first page. */
    @Operation(method = "GET", path = "/v1/providers")
    Page<Provider> providers(@QueryParam("page_size") Integer pageSize, @QueryParam("page_token") String pageToken);

    /** A provider; the same validation as the public API's (route-manager's ProviderValidator). */
    @Operation(method = "POST", path = "/v1/providers")
    Provider createProvider(CreateProviderRequest request);

    @Operation(method = "DELETE", path = "/v1/providers/{id}")
    Provider deleteProvider(@PathParam("id") UUID id);

    /** The routes a call to {@code target} tries, in order (the query travels as the body, as the server reads it). */
    @Operation(method = "GET", path = "/v1/dialroutes")
    List<Route> dialroutes(DialrouteQuery query);

    /** The customer's outbound config (its own limits, 0 when not set). */
    @Operation(method = "GET", path = "/v1/customers/{id}/outbound_config")
    OutboundConfig outboundConfig(@PathParam("id") UUID customerId);
}
