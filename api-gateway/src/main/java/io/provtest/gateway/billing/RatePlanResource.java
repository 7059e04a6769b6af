package io.provtest.gateway.billing;

import io.provtest.common.api.route.RatePlanSpec;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.Roles;
import io.provtest.gateway.http.Backend;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Rate plans (super-admin only, decided before the id or the body is looked at). The body is the contract's
 * {@link RatePlanSpec} ({@code {name, increment_seconds (60), connection_fee (0), rates: [{prefix, per_minute}]}}):
 * the public API checks nothing route-manager does not, and route-manager validates it.
 */
@Path("/v1.0/rate_plans")
@RolesAllowed(Roles.SUPER_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RatePlanResource {

    private final CurrentCaller current;
    private final RouteManagerApi routeManager;

    public RatePlanResource(CurrentCaller current, RouteManagerApi routeManager) {
        this.current = current;
        this.routeManager = routeManager;
    }

    @POST
    public Response create(RatePlanSpec body) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.createRatePlan(body));
    }

    @GET
    public Response list(@QueryParam("page_token") String pageToken, @QueryParam("page_size") String pageSize) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.ratePlans(PageToken.clampPageSize(pageSize), pageToken));
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.ratePlan(Ids.parseId(id)));
    }

    @PUT
    @Path("/{id}")
    public Response replace(@PathParam("id") String id, RatePlanSpec body) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.replaceRatePlan(Ids.parseId(id), body));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.deleteRatePlan(Ids.parseId(id)));
    }
}
