package io.provtest.gateway.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.common.json.Json;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.gateway.auth.Caller;
import io.provtest.gateway.auth.CurrentCaller;
import io.provtest.gateway.auth.CustomerScope;
import io.provtest.gateway.auth.Roles;
import io.provtest.gateway.http.Backend;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

/** Flows of the caller's customer (CustomerAdmin/CustomerManager, or super-admin). Only persisted flows are made here. */
@Path("/v1.0/flows")
@RolesAllowed({Roles.SUPER_ADMIN, Roles.CUSTOMER_ADMIN, Roles.CUSTOMER_MANAGER})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FlowResource {

    private final CurrentCaller current;
    private final Backend backend;

    public FlowResource(CurrentCaller current, Backend backend) {
        this.current = current;
        this.backend = backend;
    }

    @POST
    public Response create(@Valid @NotNull FlowInput body) {
        Caller caller = CustomerScope.requireRole(current);
        ObjectNode flow = Json.MAPPER.valueToTree(body);
        flow.put("customer_id", caller.customerId().toString());
        flow.put("persist", true);
        return backend.forward(Backend.FLOW_MANAGER, "POST", "/v1/flows", flow);
    }

    @GET
    public Response list(@QueryParam("page_token") String pageToken, @QueryParam("page_size") String pageSize) {
        Caller caller = CustomerScope.requireRole(current);
        return backend.forward(Backend.FLOW_MANAGER, "GET", "/v1/flows?customer_id=" + caller.customerId()
                + "&page_size=" + PageToken.clampPageSize(pageSize) + "&page_token=" + Backend.encode(pageToken), null);
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return Backend.ok(visible(Ids.parseId(id)));
    }

    @PUT
    @Path("/{id}")
    public Response update(@PathParam("id") String id, @Valid @NotNull FlowInput body) {
        UUID flowId = Ids.parseId(id);
        visible(flowId);
        return backend.forward(Backend.FLOW_MANAGER, "PUT", "/v1/flows/" + flowId, body);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        UUID flowId = Ids.parseId(id);
        visible(flowId);
        return backend.forward(Backend.FLOW_MANAGER, "DELETE", "/v1/flows/" + flowId, null);
    }

    private JsonNode visible(UUID id) {
        Caller caller = CustomerScope.requireRole(current);
        return CustomerScope.check(caller, backend.call(Backend.FLOW_MANAGER, "GET", "/v1/flows/" + id, null));
    }
}
