package io.provtest.gateway.routing;

import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.error.ServiceException;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.Roles;
import io.provtest.gateway.http.Backend;
import io.provtest.gateway.identity.CustomerService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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
import java.util.UUID;

/**
 * Routes (super-admin only). route-manager validates the route and its provider; the gateway, which owns
 * customers, checks that the route's customer exists (the default-routes customer always does).
 */
@Path("/v1.0/routes")
@RolesAllowed(Roles.SUPER_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RouteResource {

    private static final UUID DEFAULT_ROUTES_CUSTOMER = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private final CurrentCaller current;
    private final RouteManagerApi routeManager;
    private final CustomerService customers;

    public RouteResource(CurrentCaller current, RouteManagerApi routeManager, CustomerService customers) {
        this.current = current;
        this.routeManager = routeManager;
        this.customers = customers;
    }

    @POST
    public Response create(@Valid RouteInput body) {
        current.requireSuperAdmin();
        requireKnownCustomer(body);
        return Backend.ok(routeManager.createRoute(RouteInput.spec(body)));
    }

    @GET
    public Response list(@QueryParam("customer_id") String customerId, @QueryParam("page_token") String pageToken,
                         @QueryParam("page_size") String pageSize) {
        current.requireSuperAdmin();
        UUID filter = customerId == null || customerId.isEmpty() ? null : Ids.parseId(customerId);
        return Backend.ok(routeManager.routes(filter, PageToken.clampPageSize(pageSize), pageToken));
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.route(Ids.parseId(id)));
    }

    @PUT
    @Path("/{id}")
    public Response replace(@PathParam("id") String id, @Valid RouteInput body) {
        current.requireSuperAdmin();
        UUID routeId = Ids.parseId(id);
        requireKnownCustomer(body);
        return Backend.ok(routeManager.replaceRoute(routeId, RouteInput.spec(body)));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.deleteRoute(Ids.parseId(id)));
    }

    /** A missing customer_id is left for route-manager's field-level validation. */
    private void requireKnownCustomer(RouteInput body) {
        UUID customerId = body == null ? null : body.customerId();
        if (customerId == null || DEFAULT_ROUTES_CUSTOMER.equals(customerId)) {
            return;
        }
        if (customers.get(customerId).tmDelete() != null) {
            throw ServiceException.notFound("CUSTOMER_NOT_FOUND", "The customer was not found.");
        }
    }
}
