package io.provtest.route.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.route.CallAllowanceQuery;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcCall;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** route-manager's billing endpoints on the RPC backbone (the gateway authorises; see route-manager/README.md). */
@Singleton
public class BillingRpcRoutes implements RpcRoutes {

    private final BillingService billing;
    private final PreflightService preflight;
    private final AllowanceService allowances;

    public BillingRpcRoutes(BillingService billing, PreflightService preflight, AllowanceService allowances) {
        this.billing = billing;
        this.preflight = preflight;
        this.allowances = allowances;
    }

    @Override
    public void register(RpcRouter router) {
        router.get("/v1/billing_accounts", call -> billing.listAccounts(optionalId(call, "customer_id"),
                        call.query("page_token"), PageToken.clampPageSize(call.query("page_size"))))
                .get("/v1/billing_accounts/{id}", call -> billing.account(call.pathId("id")))
                .put("/v1/billing_accounts/{id}", call -> billing.setPlan(call.pathId("id"),
                        call.body(BillingService.PlanChange.class)))
                .post("/v1/billing_accounts/{id}/balance_add_force", call -> billing.adjust(call.pathId("id"),
                        AdjustmentEntity.ADD_FORCE, call.body(BillingService.BalanceChange.class)))
                .post("/v1/billing_accounts/{id}/balance_subtract_force", call -> billing.adjust(call.pathId("id"),
                        AdjustmentEntity.SUBTRACT_FORCE, call.body(BillingService.BalanceChange.class)))
                .get("/v1/billing_accounts/{id}/adjustments", call -> billing.adjustments(call.pathId("id"),
                        call.query("page_token"), PageToken.clampPageSize(call.query("page_size"))))
                .get("/v1/customers/{id}/billing_account", call -> billing.accountOf(call.pathId("id")))
                .post("/v1/rate_plans", call -> billing.createPlan(call.body(RatePlan.Spec.class)))
                .get("/v1/rate_plans", call -> billing.listPlans(call.query("page_token"),
                        PageToken.clampPageSize(call.query("page_size"))))
                .get("/v1/rate_plans/{id}", call -> billing.plan(call.pathId("id")))
                .put("/v1/rate_plans/{id}", call -> billing.replacePlan(call.pathId("id"),
                        call.body(RatePlan.Spec.class)))
                .delete("/v1/rate_plans/{id}", call -> billing.deletePlan(call.pathId("id")))
                .get("/v1/billings", call -> billing.billings(optionalId(call, "customer_id"),
                        call.query("page_token"), PageToken.clampPageSize(call.query("page_size"))))
                .get("/v1/billings/{id}", call -> billing.billing(call.pathId("id")))
                .post("/v1/billing/preflight", call -> preflight(call.data()))
                .post("/v1/billing/allowance", call -> allowances.allowance(call.body(CallAllowanceQuery.class)));
    }

    private static UUID optionalId(RpcCall call, String name) {
        String value = call.query(name);
        return value == null || value.isEmpty() ? null : Ids.parseId(value);
    }

    /**
     * {@code {customer_id, customer_status?, source?, skip_source_validation?, destinations: [address…], origin}} →
     * {@code {outcomes: […], source}}.
     */
    private PreflightService.Verdict preflight(JsonNode data) {
        if (data == null || !Ids.isUuid(data.path("customer_id").asText(null))
                || !data.path("destinations").isArray()) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "customer_id and destinations are required.");
        }
        List<Address> destinations = new ArrayList<>();
        for (JsonNode d : data.get("destinations")) {
            destinations.add(d.isObject() ? Json.convert(d, Address.class) : null);
        }
        JsonNode source = data.path("source");
        return preflight.check(new PreflightService.Request(UUID.fromString(data.get("customer_id").asText()),
                data.path("customer_status").asText(null), source.isObject() ? Json.convert(source, Address.class)
                : null, data.path("skip_source_validation").asBoolean(false), destinations,
                data.path("origin").asText("call")));
    }
}
