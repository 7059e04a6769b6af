package io.provtest.gateway.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.flow.FlowManagerApi;
import io.provtest.common.api.flow.FlowSpec;
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
    private final FlowManagerApi flowManager;

    public FlowResource(CurrentCaller current, FlowManagerApi flowManager) {
        this.current = current;
        this.flowManager = flowManager;
    }

    @POST
    public Response create(@Valid @NotNull FlowInput body) {
        Caller caller = CustomerScope.requireRole(current);
        return Backend.ok(flowManager.createFlowJson(spec(caller.customerId(), body, true)));
    }

    @GET
    public Response list(@QueryParam("page_token") String pageToken, @QueryParam("page_size") String pageSize) {
        Caller caller = CustomerScope.requireRole(current);
        return Backend.ok(flowManager.flows(caller.customerId(), PageToken.clampPageSize(pageSize), pageToken));
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
        return Backend.ok(flowManager.updateFlow(flowId, spec(null, body, null)));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        UUID flowId = Ids.parseId(id);
        visible(flowId);
        return Backend.ok(flowManager.deleteFlowJson(flowId));
    }

    private JsonNode visible(UUID id) {
        Caller caller = CustomerScope.requireRole(current);
        return CustomerScope.check(caller, flowManager.flowJson(id));
    }

    /** The client's fields as it sent them (absent ones left out), with the customer and persist on create. */
    private static FlowSpec spec(UUID customerId, FlowInput in, Boolean persist) {
        return new FlowSpec(customerId, in.type(), in.name(), in.detail(),
                in.actions() == null ? null : Json.tree(in.actions()), in.onCompleteFlowId(), persist);
    }
}
