package io.provtest.common.api.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.Operation;
import io.provtest.common.api.PathParam;
import io.provtest.common.api.QueryParam;
import io.provtest.common.api.RpcService;
import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Activeflow;
import io.provtest.common.model.Flow;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * flow-manager's RPC contract (routes: flow-manager's *RpcRoutes): what route-manager and call-manager use, typed, then
 * the customer flows behind the public API, which the gateway relays as flow-manager wrote them ({@link JsonNode};
 * the relayed form of a route that also has a typed one ends in {@code Json}).
 */
@RpcService("flow-manager")
public interface FlowManagerApi {

    /** A flow; validation errors of its actions (INVALID_ACTION_TYPE…) come back typed. */
    @Operation(method = "POST", path = "/v1/flows")
    Flow createFlow(CreateFlowRequest request);

    /** The flow as stored, deleted ones included; 404 FLOW_NOT_FOUND when there is none. */
    @Operation(method = "GET", path = "/v1/flows/{id}")
    Flow flow(@PathParam("id") UUID id);

    @Operation(method = "DELETE", path = "/v1/flows/{id}")
    Flow deleteFlow(@PathParam("id") UUID id);

    /** Starts a flow on something (a call): the activeflow with its own copy of the actions. */
    @Operation(method = "POST", path = "/v1/activeflows")
    Activeflow createActiveflow(CreateActiveflowRequest request);

    /** Advances the activeflow past the given action (null: to the first). */
    @Operation(method = "POST", path = "/v1/activeflows/{id}/next")
    NextAction next(@PathParam("id") UUID activeflowId, NextActionRequest request);

    /** Ends the activeflow; idempotent. */
    @Operation(method = "POST", path = "/v1/activeflows/{id}/stop")
    Activeflow stop(@PathParam("id") UUID activeflowId);

    /** A customer's flow as the public API creates it. */
    @Operation(method = "POST", path = "/v1/flows")
    JsonNode createFlowJson(FlowSpec spec);

    /** A page {@code {result, next_page_token}} of the customer's live flows. */
    @Operation(method = "GET", path = "/v1/flows")
    JsonNode flows(@QueryParam("customer_id") UUID customerId, @QueryParam("page_size") Integer pageSize,
                   @QueryParam("page_token") String pageToken);

    @Operation(method = "GET", path = "/v1/flows/{id}")
    JsonNode flowJson(@PathParam("id") UUID id);

    /** Replaces the flow's name, detail, actions and on-complete flow with {@code spec}'s. */
    @Operation(method = "PUT", path = "/v1/flows/{id}")
    JsonNode updateFlow(@PathParam("id") UUID id, FlowSpec spec);

    @Operation(method = "DELETE", path = "/v1/flows/{id}")
    JsonNode deleteFlowJson(@PathParam("id") UUID id);

    /** A temporary flow from a request's inline actions (provider calls, groupcalls): its id. */
    default UUID createTemporaryFlow(UUID customerId, String detail, JsonNode actions) {
        return createFlow(CreateFlowRequest.temporary(customerId, detail, actions)).id();
    }

    /**
     * A temporary flow under the id the caller recorded before asking (a retried request answers the flow already
     * made): the flow's id as flow-manager stored it.
     */
    default UUID createTemporaryFlow(UUID id, UUID customerId, String detail, JsonNode actions) {
        return createFlow(CreateFlowRequest.temporary(id, customerId, detail, actions)).id();
    }

    /**
     * The flow must exist, not be deleted and, when {@code customerId} is given, belong to that customer (another
     * customer's flow is answered as missing: its id reveals nothing).
     */
    default void requireUsable(UUID flowId, UUID customerId) {
        Flow flow = flow(flowId);
        if (flow.tmDelete() != null || (customerId != null && !customerId.equals(flow.customerId()))) {
            throw ServiceException.notFound("FLOW_NOT_FOUND", "The flow was not found.");
        }
    }

    /** Compensation: best effort, logged when it fails (a temporary flow then expires on its own). */
    default void deleteTemporaryFlow(UUID flowId) {
        try {
            deleteFlow(flowId);
        } catch (ServiceException e) {
            Logger.getLogger(FlowManagerApi.class).warnf("temporary flow %s not deleted (%s); it expires on its own",
                    flowId, e.getMessage());
        }
    }

    /** Stops a call's activeflow when the call ends; one already gone is no matter (logged at debug). */
    default void stopQuietly(UUID activeflowId) {
        try {
            stop(activeflowId);
        } catch (ServiceException e) {
            Logger.getLogger(FlowManagerApi.class).debugf("activeflow %s not stopped: %s", activeflowId,
                    e.getMessage());
        }
    }
}
