package io.provtest.gateway.call;

import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.CustomerScope;
import io.provtest.gateway.auth.Roles;
import io.provtest.gateway.http.Backend;
import jakarta.annotation.security.RolesAllowed;
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
@RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_MANAGER})
@Produces(MediaType.APPLICATION_JSON)
public class CallResource {

    private final CurrentCaller current;
    private final Backend backend;
    private final CallManagerCollection calls;

    public CallResource(CurrentCaller current, Backend backend) {
        this.current = current;
        this.backend = backend;
        this.calls = new CallManagerCollection(backend, "/v1/calls", "call");
    }

    @GET
    public Response list(@QueryParam("page_token") String pageToken, @QueryParam("page_size") String pageSize) {
        return Backend.ok(calls.listOwn(requireRole(), pageToken, pageSize));
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return Backend.ok(calls.get(requireRole(), Ids.parseId(id)));
    }

    @POST
    @Path("/{id}/hangup")
    public Response hangup(@PathParam("id") String id) {
        return Backend.ok(calls.act(requireRole(), Ids.parseId(id), "POST", "/hangup"));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        return Backend.ok(calls.act(requireRole(), Ids.parseId(id), "DELETE", ""));
    }

    /**
     * Every SIP message sent or received for the call, oldest first; readable while the call runs. Providers'
     * details (addresses, tech prefix and postfix, tech headers) are for super-admins: anyone else gets the trace of
     * a call through a provider in call-manager's customer view.
     */
    @GET
    @Path("/{id}/sip-messages")
    public Response sipMessages(@PathParam("id") String id) {
        UUID callId = Ids.parseId(id);
        Caller caller = requireRole();
        calls.visible(caller, callId);
        return backend.forward(Backend.CALL_MANAGER, "GET", "/v1/calls/" + callId + "/sip-messages"
                + (caller.isSuperAdmin() ? "" : "?view=customer"), null);
    }

    private Caller requireRole() {
        return CustomerScope.requireRole(current);
    }
}
