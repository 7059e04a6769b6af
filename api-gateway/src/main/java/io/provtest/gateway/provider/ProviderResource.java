package io.provtest.gateway.provider;

import io.provtest.common.model.Address;
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
    private final Backend backend;

    public ProviderResource(CurrentCaller current, Backend backend) {
        this.current = current;
        this.backend = backend;
    }

    @POST
    public Response create(@Valid ProviderInput body) {
        current.requireSuperAdmin();
        return backend.forward(Backend.ROUTE_MANAGER, "POST", "/v1/providers", body);
    }

    @GET
    public Response list(@QueryParam("health_status") String healthStatus, @QueryParam("page_token") String pageToken,
                         @QueryParam("page_size") String pageSize) {
        current.requireSuperAdmin();
        return backend.forward(Backend.ROUTE_MANAGER, "GET", "/v1/providers?page_size=" + PageToken.clampPageSize(pageSize)
                + "&page_token=" + Backend.encode(pageToken) + "&health_status=" + Backend.encode(healthStatus), null);
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        current.requireSuperAdmin();
        return backend.forward(Backend.ROUTE_MANAGER, "GET", "/v1/providers/" + Ids.parseId(id), null);
    }

    @PUT
    @Path("/{id}")
    public Response replace(@PathParam("id") String id, @Valid ProviderInput body) {
        current.requireSuperAdmin();
        return backend.forward(Backend.ROUTE_MANAGER, "PUT", "/v1/providers/" + Ids.parseId(id), body);
    }

    /** The dry-run: the Request-URI and headers an INVITE through this provider would carry. Nothing is dialed. */
    @POST
    @Path("/{id}/preview")
    public Response preview(@PathParam("id") String id, PreviewInput body) {
        current.requireSuperAdmin();
        return backend.forward(Backend.ROUTE_MANAGER, "POST", "/v1/providers/" + Ids.parseId(id) + "/preview", body);
    }

    /** What a preview renders the INVITE for; route-manager checks the addresses as for a call. */
    public record PreviewInput(Address destination, Address source, String anonymous) {
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        current.requireSuperAdmin();
        return backend.forward(Backend.ROUTE_MANAGER, "DELETE", "/v1/providers/" + Ids.parseId(id), null);
    }
}
