package io.provtest.gateway.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.CustomerScope;
import io.provtest.gateway.auth.Roles;
import io.provtest.gateway.http.Backend;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Charged calls, one line each: the caller's own customer's; a super-admin's: everyone's or one customer's. */
@Path("/v1.0/billings")
@RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_MANAGER})
@Produces(MediaType.APPLICATION_JSON)
public class BillingResource {

    private final CurrentCaller current;
    private final RouteManagerApi routeManager;

    public BillingResource(CurrentCaller current, RouteManagerApi routeManager) {
        this.current = current;
        this.routeManager = routeManager;
    }

    @GET
    public Response list(@QueryParam("customer_id") String customerId, @QueryParam("page_token") String pageToken,
                         @QueryParam("page_size") String pageSize) {
        Caller caller = CustomerScope.requireRole(current);
        return Backend.ok(routeManager.billings(CustomerScope.listedCustomer(caller, customerId),
                PageToken.clampPageSize(pageSize), pageToken));
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        Caller caller = CustomerScope.requireRole(current);
        JsonNode line = routeManager.billing(Ids.parseId(id));
        return Backend.ok(CustomerScope.check(caller, line));
    }
}
