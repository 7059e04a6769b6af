package io.provtest.common.api.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.Operation;
import io.provtest.common.api.PathParam;
import io.provtest.common.api.QueryParam;
import io.provtest.common.api.RpcService;
import io.provtest.common.rpc.RpcResponse;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * call-manager's RPC contract, as route-manager, the bench and call-manager itself (a request handed to the instance
 * that owns a dialog, on that instance's own queue) use it (routes: call-manager's *RpcRoutes); then the calls and
 * groupcalls behind the public API, which the gateway relays as call-manager wrote them ({@link JsonNode}).
 */
@RpcService("call-manager")
public interface CallManagerApi {

    /** Places the calls (and groupcalls) of the request; served once per {@code request_key}. */
    @Operation(method = "POST", path = "/v1/calls")
    CallsCreated createCalls(CreateCallsRequest request);

    /**
     * The same, non-blocking, with the raw reply: the bench counts typed refusals, of the whole request or of its one
     * destination, without an exception per refusal.
     */
    @Operation(method = "POST", path = "/v1/calls")
    CompletableFuture<RpcResponse> createCallsAsync(CreateCallsRequest request);

    /** What a create request with this key came to; 404 CREATE_REQUEST_NOT_FOUND when call-manager never took it. */
    @Operation(method = "GET", path = "/v1/calls/requests/{key}")
    CreateRequestStatus createRequestStatus(@PathParam("key") String requestKey);

    /**
     * Hangs a call up. The reply is call-manager's own call record, which callers relay or read one field of: it
     * stays JSON here rather than moving call-manager's internal record into the shared model.
     */
    @Operation(method = "POST", path = "/v1/calls/{id}/hangup")
    JsonNode hangupCall(@PathParam("id") UUID callId);

    @Operation(method = "POST", path = "/v1/calls/{id}/hangup")
    CompletableFuture<RpcResponse> hangupCallAsync(@PathParam("id") UUID callId);

    /** Hangs a groupcall up (its legs with it); the reply is call-manager's groupcall record, as for calls. */
    @Operation(method = "POST", path = "/v1/groupcalls/{id}/hangup")
    JsonNode hangupGroupcall(@PathParam("id") UUID groupcallId);

    /**
     * The report of a provider call's calls and groupcall legs. It is relayed to the public API as call-manager
     * builds it (route-manager adds two fields), so it stays JSON rather than a second copy of the report's shape.
     */
    @Operation(method = "POST", path = "/v1/reports/providercall")
    JsonNode providercallReport(ProvidercallReportRequest request);

    // ---- calls and groupcalls, as the public API relays them (the gateway) ----

    /** A page {@code {result, next_page_token}} of the customer's calls. */
    @Operation(method = "GET", path = "/v1/calls")
    JsonNode calls(@QueryParam("customer_id") UUID customerId, @QueryParam("page_size") Integer pageSize,
                   @QueryParam("page_token") String pageToken);

    /** The call as stored, deleted ones included. */
    @Operation(method = "GET", path = "/v1/calls/{id}")
    JsonNode call(@PathParam("id") UUID id);

    @Operation(method = "DELETE", path = "/v1/calls/{id}")
    JsonNode deleteCall(@PathParam("id") UUID id);

    /** {@code {result: [...]}}; {@code view} "customer" masks providers' details, null shows everything. */
    @Operation(method = "GET", path = "/v1/calls/{id}/sip-messages")
    JsonNode sipMessages(@PathParam("id") UUID callId, @QueryParam("view") String view);

    /** A slice of the call's WAV ({@code length} 0: only its size); 404 RECORDING_NOT_FOUND when there is none. */
    @Operation(method = "GET", path = "/v1/calls/{id}/recording")
    RecordingSlice recording(@PathParam("id") UUID callId, @QueryParam("offset") Long offset,
                             @QueryParam("length") Long length);

    /** Served once per {@code request_key}, like calls. */
    @Operation(method = "POST", path = "/v1/groupcalls")
    JsonNode createGroupcall(CreateGroupcallRequest request);

    @Operation(method = "GET", path = "/v1/groupcalls")
    JsonNode groupcalls(@QueryParam("customer_id") UUID customerId, @QueryParam("page_size") Integer pageSize,
                        @QueryParam("page_token") String pageToken);

    @Operation(method = "GET", path = "/v1/groupcalls/{id}")
    JsonNode groupcall(@PathParam("id") UUID id);

    @Operation(method = "DELETE", path = "/v1/groupcalls/{id}")
    JsonNode deleteGroupcall(@PathParam("id") UUID id);
}
