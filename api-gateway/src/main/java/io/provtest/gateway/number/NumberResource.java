package io.provtest.gateway.number;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.route.NumberSpec;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.error.ServiceException;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.CustomerScope;
import io.provtest.gateway.auth.Permission;
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
import java.util.UUID;

/**
 * A customer's telephone numbers, the sources its calls may go out with (route-manager's {@code number} package
 * owns and validates them). A CustomerAdmin registers and changes its own customer's (a {@code customer_id} it names
 * is ignored), a CustomerManager reads them; a super-admin manages anyone's and moves a number between customers.
 * The role is decided before the body or the id is looked at; another customer's number is 403.
 */
@Path("/v1.0/numbers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NumberResource {

    private final CurrentCaller current;
    private final RouteManagerApi routeManager;

    public NumberResource(CurrentCaller current, RouteManagerApi routeManager) {
        this.current = current;
        this.routeManager = routeManager;
    }

    /** {@code {number (E.164), customer_id (super-admin only), status: active|disabled, name, detail}}. */
    public record NumberInput(String number, UUID customerId, String status, String name, String detail) {
    }

    @POST
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN})
    public Response create(NumberInput body) {
        Caller caller = requireAdmin();
        NumberInput in = body == null ? new NumberInput(null, null, null, null, null) : body;
        UUID owner = caller.isSuperAdmin() && in.customerId() != null ? in.customerId() : caller.customerId();
        return Backend.ok(routeManager.createNumber(new NumberSpec(owner, in.number(), in.status(), in.name(),
                in.detail())));
    }

    /** The caller's own customer's live numbers; a super-admin's: everyone's, or one customer's. */
    @GET
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_MANAGER})
    public Response list(@QueryParam("customer_id") String customerId, @QueryParam("page_token") String pageToken,
                         @QueryParam("page_size") String pageSize) {
        Caller caller = CustomerScope.requireRole(current);
        return Backend.ok(routeManager.numbers(CustomerScope.listedCustomer(caller, customerId),
                PageToken.clampPageSize(pageSize), pageToken));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_MANAGER})
    public Response get(@PathParam("id") String id) {
        Caller caller = CustomerScope.requireRole(current);
        return Backend.ok(CustomerScope.check(caller, fetch(Ids.parseId(id))));
    }

    /**
     * Changes the fields it names; the others keep their values. Only a super-admin changes the owner. Another
     * customer's admin is 403 whatever it sends: the number's owner is judged before the body is read
     * ({@link AuthorisedBeforeBody.NumberOwner}).
     */
    @PUT
    @Path("/{id}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN})
    @AuthorisedBeforeBody.NumberOwner
    public Response update(@PathParam("id") String id, NumberInput body) {
        Caller caller = requireAdmin();
        UUID numberId = Ids.parseId(id);
        JsonNode stored = owned(caller, numberId);
        NumberInput in = body == null ? new NumberInput(null, null, null, null, null) : body;
        UUID owner = caller.isSuperAdmin() && in.customerId() != null ? in.customerId()
                : UUID.fromString(stored.get("customer_id").asText());
        return Backend.ok(routeManager.replaceNumber(numberId, new NumberSpec(owner,
                or(in.number(), stored, "number"), or(in.status(), stored, "status"), or(in.name(), stored, "name"),
                or(in.detail(), stored, "detail"))));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN})
    public Response delete(@PathParam("id") String id) {
        Caller caller = requireAdmin();
        UUID numberId = Ids.parseId(id);
        owned(caller, numberId);
        return Backend.ok(routeManager.deleteNumber(numberId));
    }

    /** A second line behind {@code @RolesAllowed}: writes need a super-admin or a CustomerAdmin. */
    private Caller requireAdmin() {
        Caller caller = current.get();
        if (!caller.isSuperAdmin() && (caller.permission() & Permission.CUSTOMER_ADMIN) == 0) {
            throw ServiceException.forbidden();
        }
        return caller;
    }

    private JsonNode fetch(UUID id) {
        return routeManager.number(id);
    }

    /** The ownership check alone, for the filter that runs it before the body is read. */
    void ownedByCaller(String id) {
        owned(requireAdmin(), Ids.parseId(id));
    }

    /** The number as stored, if the caller may change it (its own customer's, or any for a super-admin). */
    private JsonNode owned(Caller caller, UUID id) {
        JsonNode stored = fetch(id);
        if (!caller.may(UUID.fromString(stored.get("customer_id").asText()), Permission.CUSTOMER_ADMIN)) {
            throw ServiceException.forbidden();
        }
        return stored;
    }

    private static String or(String given, JsonNode stored, String field) {
        return given != null ? given : stored.path(field).asText(null);
    }
}
