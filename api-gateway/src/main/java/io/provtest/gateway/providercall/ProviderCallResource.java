package io.provtest.gateway.providercall;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.route.CreateProvidercallRequest;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.Roles;
import io.provtest.gateway.http.Backend;
import io.provtest.gateway.identity.CustomerService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * Forced test calls through one provider (super-admin only; authorised before the body is looked at).
 * route-manager validates and orchestrates; the caller's customer and agent come from the credentials.
 */
@Path("/v1.0/providercalls")
@RolesAllowed(Roles.SUPER_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProviderCallResource {

    private final CurrentCaller current;
    private final RouteManagerApi routeManager;
    private final CustomerService customers;

    public ProviderCallResource(CurrentCaller current, RouteManagerApi routeManager, CustomerService customers) {
        this.current = current;
        this.routeManager = routeManager;
        this.customers = customers;
    }

    /**
     * Non-blocking: it holds no worker thread while route-manager orchestrates (up to seconds under load; a blocking
     * method held one per request in flight, 65-165 threads in bench/README.md, "The JIT measured again"). The status
     * read answers on this request's Vert.x context, so the RPC sent after it still carries the request's id.
     */
    @POST
    public Uni<Response> create(@Valid @NotNull ProviderCallInput body,
                                @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Caller caller = current.requireSuperAdmin();
        if (caller.agentId() == null) {
            throw ServiceException.forbidden();
        }
        if (idempotencyKey != null && (idempotencyKey.length() > 255 || idempotencyKey.isBlank())) {
            throw ServiceException.invalid("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1 to 255 characters.");
        }
        JsonNode input = Json.tree(body);
        // the admin's own customer is checked like any caller's (a frozen one places no call: ACCOUNT_FROZEN)
        return customers.statusOfNow(caller.customerId())
                .chain(status -> Uni.createFrom().completionStage(() -> routeManager.createProvidercallAsync(
                        new CreateProvidercallRequest(caller.customerId(), caller.agentId(), idempotencyKey, status,
                                input))))
                .map(Backend::ok);
    }

    @GET
    public Response list(@QueryParam("provider_id") String providerId, @QueryParam("page_token") String pageToken,
                         @QueryParam("page_size") String pageSize) {
        current.requireSuperAdmin();
        UUID filter = providerId == null || providerId.isEmpty() ? null : Ids.parseId(providerId);
        return Backend.ok(routeManager.providercalls(filter, PageToken.clampPageSize(pageSize), pageToken));
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.providercall(Ids.parseId(id)));
    }

    /**
     * What the test call showed, per call and overall ({@code passed}, {@code failed}, {@code inconclusive}) with
     * reasons; {@code complete} is false while a call is still up (route-manager asks call-manager for it).
     */
    @GET
    @Path("/{id}/report")
    public Response report(@PathParam("id") String id) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.providercallReport(Ids.parseId(id)));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        current.requireSuperAdmin();
        return Backend.ok(routeManager.deleteProvidercall(Ids.parseId(id)));
    }
}
