package io.provtest.gateway.provider;

import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.api.route.ProviderPreviewRequest;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.Roles;
import io.provtest.gateway.http.Backend;
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

/**
 * Providers are platform resources: super-admin only, decided before the id is even parsed, so a non-admin learns
 * nothing about which providers exist. route-manager owns the data and the validation.
 */
@Path("/v1.0/providers")
@RolesAllowed(Roles.SUPER_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProviderResource {

    private final CurrentCaller current;
    private final RouteManagerApi routeManager;

    public ProviderResource(CurrentCaller current, RouteManagerApi routeManager) {
        this.current = current;
        this.routeManager = routeManager;
    }

    @POST
    public Response create(@Valid ProviderInput body) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.createProviderJson(ProviderInput.spec(body)));
    }

    @GET
    public Response list(@QueryParam("health_status") String healthStatus, @QueryParam("page_token") String pageToken,
                         @QueryParam("page_size") String pageSize) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.providersJson(healthStatus, PageToken.clampPageSize(pageSize), pageToken));
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.providerJson(Ids.parseId(id)));
    }

    @PUT
    @Path("/{id}")
    public Response replace(@PathParam("id") String id, @Valid ProviderInput body) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.replaceProvider(Ids.parseId(id), ProviderInput.spec(body)));
    }

    /** The dry-run: the Request-URI and headers an INVITE through this provider would carry. Nothing is dialed. */
    @POST
    @Path("/{id}/preview")
    public Response preview(@PathParam("id") String id, ProviderPreviewRequest body) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.previewProvider(Ids.parseId(id), body));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.deleteProviderJson(Ids.parseId(id)));
    }
}
