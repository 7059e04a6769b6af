package io.provtest.common.api.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.Operation;
import io.provtest.common.api.PathParam;
import io.provtest.common.api.QueryParam;
import io.provtest.common.api.RpcService;
import io.provtest.common.model.Provider;
import io.provtest.common.model.Route;
import io.provtest.common.page.Page;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * route-manager's RPC contract (routes: route-manager's *RpcRoutes): first what call-manager and the bench use,
 * typed; then the operations behind the public API, which the gateway relays. Those answer {@link JsonNode}: the
 * record as route-manager wrote it goes to the client unchanged (route-manager owns its shape). Their bodies are this
 * package's records (ProviderSpec, RouteSpec, RatePlanSpec …): the fields route-manager reads, which it validates
 * whoever sends them. Where a typed form of the same route exists, the relayed form's name ends in {@code Json}.
 */
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

    // ---- providers, as the public API relays them (the gateway) ----

    /** route-manager's ProviderValidator decides. */
    @Operation(method = "POST", path = "/v1/providers")
    JsonNode createProviderJson(ProviderSpec spec);

    /** A page {@code {result, next_page_token}}; {@code healthStatus} null: every provider. */
    @Operation(method = "GET", path = "/v1/providers")
    JsonNode providersJson(@QueryParam("health_status") String healthStatus, @QueryParam("page_size") Integer pageSize,
                           @QueryParam("page_token") String pageToken);

    @Operation(method = "GET", path = "/v1/providers/{id}")
    JsonNode providerJson(@PathParam("id") UUID id);

    @Operation(method = "PUT", path = "/v1/providers/{id}")
    JsonNode replaceProvider(@PathParam("id") UUID id, ProviderSpec spec);

    /** The dry-run: the INVITE a call through the provider would send ({@code request}: destination, source…). */
    @Operation(method = "POST", path = "/v1/providers/{id}/preview")
    JsonNode previewProvider(@PathParam("id") UUID id, ProviderPreviewRequest request);

    @Operation(method = "DELETE", path = "/v1/providers/{id}")
    JsonNode deleteProviderJson(@PathParam("id") UUID id);

    // ---- routes ----

    @Operation(method = "POST", path = "/v1/routes")
    JsonNode createRoute(RouteSpec spec);

    /** {@code customerId} null: every customer's routes. */
    @Operation(method = "GET", path = "/v1/routes")
    JsonNode routes(@QueryParam("customer_id") UUID customerId, @QueryParam("page_size") Integer pageSize,
                    @QueryParam("page_token") String pageToken);

    @Operation(method = "GET", path = "/v1/routes/{id}")
    JsonNode route(@PathParam("id") UUID id);

    @Operation(method = "PUT", path = "/v1/routes/{id}")
    JsonNode replaceRoute(@PathParam("id") UUID id, RouteSpec spec);

    @Operation(method = "DELETE", path = "/v1/routes/{id}")
    JsonNode deleteRoute(@PathParam("id") UUID id);

    // ---- provider calls ----

    @Operation(method = "POST", path = "/v1/providercalls")
    JsonNode createProvidercall(CreateProvidercallRequest request);

    /**
     * The same, non-blocking: the gateway's {@code POST /v1.0/providercalls} holds no thread while route-manager
     * orchestrates (a typed error completes the future exceptionally with its ServiceException).
     */
    @Operation(method = "POST", path = "/v1/providercalls")
    CompletableFuture<JsonNode> createProvidercallAsync(CreateProvidercallRequest request);

    /** {@code providerId} null: every provider's. */
    @Operation(method = "GET", path = "/v1/providercalls")
    JsonNode providercalls(@QueryParam("provider_id") UUID providerId, @QueryParam("page_size") Integer pageSize,
                           @QueryParam("page_token") String pageToken);

    @Operation(method = "GET", path = "/v1/providercalls/{id}")
    JsonNode providercall(@PathParam("id") UUID id);

    /** What the test call showed (route-manager asks call-manager for the calls' part). */
    @Operation(method = "GET", path = "/v1/providercalls/{id}/report")
    JsonNode providercallReport(@PathParam("id") UUID id);

    @Operation(method = "DELETE", path = "/v1/providercalls/{id}")
    JsonNode deleteProvidercall(@PathParam("id") UUID id);

    // ---- billing ----

    /** {@code customerId} null: every customer's account. */
    @Operation(method = "GET", path = "/v1/billing_accounts")
    JsonNode billingAccounts(@QueryParam("customer_id") UUID customerId, @QueryParam("page_size") Integer pageSize,
                             @QueryParam("page_token") String pageToken);

    @Operation(method = "GET", path = "/v1/billing_accounts/{id}")
    JsonNode billingAccount(@PathParam("id") UUID id);

    @Operation(method = "PUT", path = "/v1/billing_accounts/{id}")
    JsonNode setRatePlan(@PathParam("id") UUID accountId, RatePlanChange change);

    @Operation(method = "POST", path = "/v1/billing_accounts/{id}/balance_add_force")
    JsonNode addBalance(@PathParam("id") UUID accountId, BalanceChange change);

    @Operation(method = "POST", path = "/v1/billing_accounts/{id}/balance_subtract_force")
    JsonNode subtractBalance(@PathParam("id") UUID accountId, BalanceChange change);

    /** The audit trail of the account's balance changes, newest first. */
    @Operation(method = "GET", path = "/v1/billing_accounts/{id}/adjustments")
    JsonNode adjustments(@PathParam("id") UUID accountId, @QueryParam("page_size") Integer pageSize,
                         @QueryParam("page_token") String pageToken);

    @Operation(method = "POST", path = "/v1/rate_plans")
    JsonNode createRatePlan(RatePlanSpec spec);

    @Operation(method = "GET", path = "/v1/rate_plans")
    JsonNode ratePlans(@QueryParam("page_size") Integer pageSize, @QueryParam("page_token") String pageToken);

    @Operation(method = "GET", path = "/v1/rate_plans/{id}")
    JsonNode ratePlan(@PathParam("id") UUID id);

    @Operation(method = "PUT", path = "/v1/rate_plans/{id}")
    JsonNode replaceRatePlan(@PathParam("id") UUID id, RatePlanSpec spec);

    @Operation(method = "DELETE", path = "/v1/rate_plans/{id}")
    JsonNode deleteRatePlan(@PathParam("id") UUID id);

    /** Charged calls; {@code customerId} null: everyone's. */
    @Operation(method = "GET", path = "/v1/billings")
    JsonNode billings(@QueryParam("customer_id") UUID customerId, @QueryParam("page_size") Integer pageSize,
                      @QueryParam("page_token") String pageToken);

    @Operation(method = "GET", path = "/v1/billings/{id}")
    JsonNode billing(@PathParam("id") UUID id);

    /** Whether a customer's call request may be placed, per destination, and the source it goes out with. */
    @Operation(method = "POST", path = "/v1/billing/preflight")
    PreflightVerdict preflight(PreflightRequest request);

    // ---- numbers and outbound config ----

    @Operation(method = "POST", path = "/v1/numbers")
    JsonNode createNumber(NumberSpec spec);

    /** {@code customerId} null: every customer's numbers. */
    @Operation(method = "GET", path = "/v1/numbers")
    JsonNode numbers(@QueryParam("customer_id") UUID customerId, @QueryParam("page_size") Integer pageSize,
                     @QueryParam("page_token") String pageToken);

    @Operation(method = "GET", path = "/v1/numbers/{id}")
    JsonNode number(@PathParam("id") UUID id);

    @Operation(method = "PUT", path = "/v1/numbers/{id}")
    JsonNode replaceNumber(@PathParam("id") UUID id, NumberSpec spec);

    @Operation(method = "DELETE", path = "/v1/numbers/{id}")
    JsonNode deleteNumber(@PathParam("id") UUID id);

    /** The whole outbound config as stored (the defaults when the customer never set one). */
    @Operation(method = "GET", path = "/v1/customers/{id}/outbound_config")
    JsonNode outboundConfigJson(@PathParam("id") UUID customerId);

    /** A full replace. */
    @Operation(method = "PUT", path = "/v1/customers/{id}/outbound_config")
    JsonNode replaceOutboundConfig(@PathParam("id") UUID customerId, OutboundConfigSpec spec);
}
