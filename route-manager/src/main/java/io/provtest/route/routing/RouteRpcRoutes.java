package io.provtest.route.routing;

import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;

/** route-manager's route and dialroute endpoints on the RPC backbone. */
@Singleton
public class RouteRpcRoutes implements RpcRoutes {

    private final RouteService service;

    public RouteRpcRoutes(RouteService service) {
        this.service = service;
    }

    @Override
    public void register(RpcRouter router) {
        router.post("/v1/routes", call -> service.create(RouteValidator.validate(call.data())))
                .get("/v1/routes", call -> {
                    String customer = call.query("customer_id");
                    return service.list(customer == null || customer.isEmpty() ? null : Ids.parseId(customer),
                            call.query("page_token"), PageToken.clampPageSize(call.query("page_size")));
                })
                .get("/v1/routes/{id}", call -> service.get(call.pathId("id")))
                .put("/v1/routes/{id}", call -> service.replace(call.pathId("id"), RouteValidator.validate(call.data())))
                .delete("/v1/routes/{id}", call -> service.delete(call.pathId("id")))
                .get("/v1/dialroutes", call -> {
                    RouteService.DialrouteQuery q = RouteService.query(call.data());
                    return service.dialroutes(q.customerId(), q.target(), q.targetProviderIds());
                });
    }
}
