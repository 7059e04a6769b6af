package io.provtest.gateway.groupcall;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.api.call.CreateGroupcallRequest;
import io.provtest.common.json.Json;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.CustomerScope;
import io.provtest.gateway.auth.Roles;
import io.provtest.gateway.call.CallManagerCollection;
import io.provtest.gateway.billing.Preflight;
import io.provtest.gateway.http.Backend;
import io.provtest.gateway.identity.CustomerService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Groupcalls are customer resources, like calls: a super-admin, or a CustomerAdmin/CustomerManager of the
 * groupcall's customer; another customer's is 403, a missing one 404, a deleted one 409. A new groupcall belongs to
 * the caller's customer, and only the fields of {@link GroupcallInput} exist (a client never sets provider forcing).
 */
@Path("/v1.0/groupcalls")
@RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_MANAGER})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GroupcallResource {

    private final CurrentCaller current;
    private final CallManagerCollection groupcalls;
    private final Preflight preflight;
    private final CustomerService customers;

    private final CallManagerApi callManager;

    public GroupcallResource(CurrentCaller current, CallManagerApi callManager, Preflight preflight,
                             CustomerService customers) {
        this.current = current;
        this.callManager = callManager;
        this.preflight = preflight;
        this.customers = customers;
        this.groupcalls = CallManagerCollection.groupcalls(callManager);
    }

    @POST
    public Response create(@Valid @NotNull GroupcallInput body) {
        Caller caller = CustomerScope.requireRole(current);
        JsonNode source = tree(body.source());
        JsonNode destinations = tree(body.destinations());
        JsonNode chosen = preflight.require(caller.customerId(), customers.statusOf(caller.customerId()), source,
                destinations, "groupcall");
        // the number the legs go out with (From), when the given one is not owned
        CreateGroupcallRequest request = new CreateGroupcallRequest(caller.customerId(),
                chosen != null ? chosen : source, destinations, body.flowId(), tree(body.actions()), body.ringMethod(),
                body.answerMethod(), body.anonymous());
        return Backend.ok(CustomerScope.hideInternalMetadata(caller, callManager.createGroupcall(request)));
    }

    @GET
    public Response list(@QueryParam("page_token") String pageToken, @QueryParam("page_size") String pageSize) {
        return Backend.ok(groupcalls.listOwn(CustomerScope.requireRole(current), pageToken, pageSize));
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return Backend.ok(groupcalls.get(CustomerScope.requireRole(current), Ids.parseId(id)));
    }

    @POST
    @Path("/{id}/hangup")
    public Response hangup(@PathParam("id") String id) {
        return Backend.ok(groupcalls.hangup(CustomerScope.requireRole(current), Ids.parseId(id)));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        return Backend.ok(groupcalls.delete(CustomerScope.requireRole(current), Ids.parseId(id)));
    }

    /** A client field as it sent it, for call-manager (null stays absent). */
    private static JsonNode tree(Object field) {
        return field == null ? null : Json.tree(field);
    }
}
