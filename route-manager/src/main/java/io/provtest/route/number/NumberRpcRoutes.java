package io.provtest.route.number;

import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;

/** route-manager's number and outbound-config endpoints on the RPC backbone (the gateway authorises). */
@Singleton
public class NumberRpcRoutes implements RpcRoutes {

    private final NumberService numbers;
    private final OutboundConfigService configs;

    public NumberRpcRoutes(NumberService numbers, OutboundConfigService configs) {
        this.numbers = numbers;
        this.configs = configs;
    }

    @Override
    public void register(RpcRouter router) {
        router.post("/v1/numbers", call -> numbers.create(call.body(NumberRules.Spec.class)))
                .get("/v1/numbers", call -> {
                    String customer = call.query("customer_id");
                    return numbers.list(customer == null || customer.isEmpty() ? null : Ids.parseId(customer),
                            call.query("page_token"), PageToken.clampPageSize(call.query("page_size")));
                })
                .get("/v1/numbers/{id}", call -> numbers.get(call.pathId("id")))
                .put("/v1/numbers/{id}", call -> numbers.replace(call.pathId("id"), call.body(NumberRules.Spec.class)))
                .delete("/v1/numbers/{id}", call -> numbers.delete(call.pathId("id")))
                .get("/v1/customers/{id}/outbound_config", call -> configs.get(call.pathId("id")))
                .put("/v1/customers/{id}/outbound_config", call -> configs.replace(call.pathId("id"),
                        call.body(OutboundRules.Spec.class)));
    }
}
