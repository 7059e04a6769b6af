package io.provtest.gateway.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.CustomerScope;
import io.provtest.gateway.http.Backend;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * Calls are customer resources: a super-admin, or a CustomerAdmin/CustomerManager of the call's customer. Another
 * customer's call is 403, a missing one 404, a deleted one 409. Internal metadata is for super-admins only.
 */
@Path("/v1.0/calls")
@Produces(MediaType.APPLICATION_JSON)
public class CallResource {

    private final CurrentCaller current;
    private final Backend backend;

    public CallResource(CurrentCaller current, Backend backend) {
        this.current = current;
        this.backend = backend;
    }

    @GET
    public Response list(@QueryParam("page_token") String pageToken, @QueryParam("page_size") String pageSize) {
        Caller caller = requireRole();
        JsonNode page = backend.call(Backend.CALL_MANAGER, "GET", "/v1/calls?customer_id=" + caller.customerId()
                + "&page_size=" + PageToken.clampPageSize(pageSize) + "&page_token=" + Backend.encode(pageToken), null);
        page.get("result").forEach(call -> CustomerScope.hideInternalMetadata(caller, call));
        return Backend.ok(page);
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        Caller caller = requireRole();
        JsonNode call = visibleCall(caller, Ids.parseId(id));
        return Backend.ok(CustomerScope.hideInternalMetadata(caller, call));
    }

    @POST
    @Path("/{id}/hangup")
    public Response hangup(@PathParam("id") String id) {
        Caller caller = requireRole();
        UUID callId = Ids.parseId(id);
        visibleCall(caller, callId);
        return Backend.ok(CustomerScope.hideInternalMetadata(caller,
                backend.call(Backend.CALL_MANAGER, "POST", "/v1/calls/" + callId + "/hangup", null)));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        Caller caller = requireRole();
        UUID callId = Ids.parseId(id);
        visibleCall(caller, callId);
        return Backend.ok(CustomerScope.hideInternalMetadata(caller,
                backend.call(Backend.CALL_MANAGER, "DELETE", "/v1/calls/" + callId, null)));
    }

    /** Every SIP message sent or received for the call, oldest first; readable while the call runs. */
    @GET
    @Path("/{id}/sip-messages")
    public Response sipMessages(@PathParam("id") String id) {
        Caller caller = requireRole();
        UUID callId = Ids.parseId(id);
        visibleCall(caller, callId);
        return backend.forward(Backend.CALL_MANAGER, "GET", "/v1/calls/" + callId + "/sip-messages", null);
    }

    private Caller requireRole() {
        return CustomerScope.requireRole(current);
    }

    private JsonNode visibleCall(Caller caller, UUID id) {
        return CustomerScope.checkLive(caller, backend.call(Backend.CALL_MANAGER, "GET", "/v1/calls/" + id, null),
                "call");
    }
}
