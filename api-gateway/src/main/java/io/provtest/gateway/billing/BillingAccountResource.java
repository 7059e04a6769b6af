package io.provtest.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.CustomerScope;
import io.provtest.gateway.auth.Roles;
import io.provtest.gateway.http.Backend;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Billing accounts (route-manager's billing owns them; one per customer, created at first use). A customer's
 * admins and managers read their own; a super-admin reads any, changes balances (with the agent recorded in the
 * audit trail) and attaches rate plans.
 */
@Path("/v1.0/billing_accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BillingAccountResource {

    private final CurrentCaller current;
    private final Backend backend;

    public BillingAccountResource(CurrentCaller current, Backend backend) {
        this.current = current;
        this.backend = backend;
    }

    /** {@code {"balance": 12.5}}: the amount to add or subtract, > 0 (route-manager validates it). */
    public record BalanceInput(BigDecimal balance) {
    }

    /** {@code {"rate_plan_id": …}}. */
    public record PlanInput(UUID ratePlanId) {
    }

    /** The caller's own customer's account; a super-admin's: every account, or one customer's. */
    @GET
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_MANAGER})
    public Response list(@QueryParam("customer_id") String customerId, @QueryParam("page_token") String pageToken,
                         @QueryParam("page_size") String pageSize) {
        Caller caller = CustomerScope.requireRole(current);
        return backend.forwardPage(Backend.ROUTE_MANAGER, "/v1/billing_accounts", CustomerScope.listedCustomer(caller, customerId),
                pageToken, pageSize);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_MANAGER})
    public Response get(@PathParam("id") String id) {
        Caller caller = CustomerScope.requireRole(current);
        JsonNode account = backend.call(Backend.ROUTE_MANAGER, "GET", "/v1/billing_accounts/" + Ids.parseId(id), null);
        return Backend.ok(CustomerScope.check(caller, account));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.SUPER_ADMIN)
    public Response setPlan(@PathParam("id") String id, PlanInput body) {
        current.requireSuperAdmin();
        return backend.forward(Backend.ROUTE_MANAGER, "PUT", "/v1/billing_accounts/" + Ids.parseId(id), body);
    }

    @POST
    @Path("/{id}/balance_add_force")
    @RolesAllowed(Roles.SUPER_ADMIN)
    public Response add(@PathParam("id") String id, BalanceInput body) {
        return adjust(id, "balance_add_force", body);
    }

    @POST
    @Path("/{id}/balance_subtract_force")
    @RolesAllowed(Roles.SUPER_ADMIN)
    public Response subtract(@PathParam("id") String id, BalanceInput body) {
        return adjust(id, "balance_subtract_force", body);
    }

    /** The audit trail of the account's balance changes, newest first (super-admin). */
    @GET
    @Path("/{id}/adjustments")
    @RolesAllowed(Roles.SUPER_ADMIN)
    public Response adjustments(@PathParam("id") String id, @QueryParam("page_token") String pageToken,
                                @QueryParam("page_size") String pageSize) {
        current.requireSuperAdmin();
        return backend.forward(Backend.ROUTE_MANAGER, "GET", "/v1/billing_accounts/" + Ids.parseId(id)
                + "/adjustments?page_size=" + PageToken.clampPageSize(pageSize) + "&page_token="
                + Backend.encode(pageToken), null);
    }

    private Response adjust(String id, String kind, BalanceInput body) {
        Caller caller = current.requireSuperAdmin();
        UUID accountId = Ids.parseId(id);
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("balance", body == null ? null : body.balance());
        command.put("created_by", caller.agentId());
        return backend.forward(Backend.ROUTE_MANAGER, "POST", "/v1/billing_accounts/" + accountId + "/" + kind,
                command);
    }
}
