package io.provtest.gateway.call;

import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.api.call.RecordingSlice;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.CustomerScope;
import io.provtest.gateway.auth.Roles;
import io.provtest.gateway.http.Backend;
import io.provtest.gateway.http.ByteRange;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayOutputStream;
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
 * Calls are customer resources: a super-admin, or a CustomerAdmin/CustomerManager of the call's customer. Another
 * customer's call is 403, a missing one 404, a deleted one 409. Internal metadata is for super-admins only.
 */
@Path("/v1.0/calls")
@RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_MANAGER})
@Produces(MediaType.APPLICATION_JSON)
public class CallResource {

    private final CurrentCaller current;
    private final CallManagerApi callManager;
    private final CallManagerCollection calls;

    public CallResource(CurrentCaller current, CallManagerApi callManager) {
        this.current = current;
        this.callManager = callManager;
        this.calls = CallManagerCollection.calls(callManager);
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
        return Backend.ok(calls.hangup(requireRole(), Ids.parseId(id)));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        return Backend.ok(calls.delete(requireRole(), Ids.parseId(id)));
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
        return Backend.ok(callManager.sipMessages(callId, caller.isSuperAdmin() ? null : "customer"));
    }

    /**
     * The far end's audio (early media included) as a WAV, 8 kHz 16-bit PCM mono; same access rules as the call, 404
     * RECORDING_NOT_FOUND when there is none. A single byte range is answered 206 with Content-Range, so a browser can
     * seek; the body is read from call-manager in slices (its RPC answers stay small) and sent with its length.
     */
    @GET
    @Path("/{id}/recording")
    @Produces({"audio/wav", MediaType.APPLICATION_JSON})
    public Response recording(@PathParam("id") String id, @HeaderParam("Range") String rangeHeader) {
        UUID callId = Ids.parseId(id);
        calls.visible(requireRole(), callId);
        long size = callManager.recording(callId, 0L, 0L).size();
        ByteRange range = ByteRange.parse(rangeHeader, size);
        long first = range == null ? 0 : range.first();
        long length = range == null ? size : range.length();
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) length);
        while (body.size() < length) {
            RecordingSlice slice = callManager.recording(callId, first + body.size(), length - body.size());
            byte[] bytes = slice.bytes();
            if (bytes.length == 0) {
                break; // purged meanwhile: what was read is all there is
            }
            body.writeBytes(bytes);
        }
        Response.ResponseBuilder answer = Response.status(range == null ? 200 : 206).type("audio/wav")
                .header("Accept-Ranges", "bytes").header("Content-Length", body.size())
                .entity(body.toByteArray());
        if (range != null) {
            answer.header("Content-Range", "bytes " + first + "-" + (first + body.size() - 1) + "/" + size);
        }
        return answer.build();
    }

    private Caller requireRole() {
        return CustomerScope.requireRole(current);
    }
}
