package io.provtest.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.route.BalanceChange;
import io.provtest.common.api.route.RatePlanChange;
import io.provtest.common.api.route.RouteManagerApi;
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
    private final RouteManagerApi routeManager;

    public BillingAccountResource(CurrentCaller current, RouteManagerApi routeManager) {
        this.current = current;
        this.routeManager = routeManager;
    }

    /** {@code {"balance": 12.5}}: the amount to add or subtract, > 0 (route-manager validates it). */
    public record BalanceInput(BigDecimal balance) {
    }

    /** The caller's own customer's account; a super-admin's: every account, or one customer's. */
    @GET
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_MANAGER})
    public Response list(@QueryParam("customer_id") String customerId, @QueryParam("page_token") String pageToken,
                         @QueryParam("page_size") String pageSize) {
        Caller caller = CustomerScope.requireRole(current);
        return Backend.ok(routeManager.billingAccounts(CustomerScope.listedCustomer(caller, customerId),
                PageToken.clampPageSize(pageSize), pageToken));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_MANAGER})
    public Response get(@PathParam("id") String id) {
        Caller caller = CustomerScope.requireRole(current);
        JsonNode account = routeManager.billingAccount(Ids.parseId(id));
        return Backend.ok(CustomerScope.check(caller, account));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.SUPER_ADMIN)
    public Response setPlan(@PathParam("id") String id, RatePlanChange body) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.setRatePlan(Ids.parseId(id), body));
    }

    @POST
    @Path("/{id}/balance_add_force")
    @RolesAllowed(Roles.SUPER_ADMIN)
    public Response add(@PathParam("id") String id, BalanceInput body) {
        return adjust(id, body, false);
    }

    @POST
    @Path("/{id}/balance_subtract_force")
    @RolesAllowed(Roles.SUPER_ADMIN)
    public Response subtract(@PathParam("id") String id, BalanceInput body) {
        return adjust(id, body, true);
    }

    /** The audit trail of the account's balance changes, newest first (super-admin). */
    @GET
    @Path("/{id}/adjustments")
    @RolesAllowed(Roles.SUPER_ADMIN)
    public Response adjustments(@PathParam("id") String id, @QueryParam("page_token") String pageToken,
                                @QueryParam("page_size") String pageSize) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.adjustments(Ids.parseId(id), PageToken.clampPageSize(pageSize), pageToken));
    }

    private Response adjust(String id, BalanceInput body, boolean subtract) {
        Caller caller = current.requireSuperAdmin();
        UUID accountId = Ids.parseId(id);
        BalanceChange change = new BalanceChange(body == null ? null : body.balance(), caller.agentId());
        return Backend.ok(subtract ? routeManager.subtractBalance(accountId, change)
                : routeManager.addBalance(accountId, change));
    }
}
