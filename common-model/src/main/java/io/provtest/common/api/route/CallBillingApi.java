package io.provtest.common.api.route;

import io.provtest.common.api.Operation;
import io.provtest.common.api.RpcService;

/**
 * route-manager's billing as call-manager asks it about a live call (route: route-manager's BillingRpcRoutes). Its own
 * interface beside {@link RouteManagerApi} so that billing's contract can move with billing if it becomes a service.
 */
@RpcService("route-manager")
public interface CallBillingApi {

    /**
     * How long an answered call may last before its charge would exceed the customer's balance, the customer's other
     * live answered calls counted ({@code max_seconds} null: free, never cut).
     */
    @Operation(method = "POST", path = "/v1/billing/allowance")
    CallAllowance allowance(CallAllowanceQuery query);
}
