package io.provtest.route.providercall;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.flow.FlowRequests;
import io.provtest.common.model.Address;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the provider-call orchestration asks of flow-manager and call-manager. Deadlines line up under the
 * gateway's 15 s: create-calls 10 s, which covers call-manager's own 3 s calls to route-manager; flows 3 s.
 */
@Singleton
public class ProviderCallClients {

    static final Duration CREATE_CALLS_TIMEOUT = Duration.ofSeconds(10);
    static final Duration FLOW_TIMEOUT = Duration.ofSeconds(3);
    /** Under the gateway's 15 s; the report may wait up to 2 s for a just-ended call's last trace messages. */
    static final Duration REPORT_TIMEOUT = Duration.ofSeconds(10);

    private final RpcClient rpc;
    private final FlowRequests flows;

    public ProviderCallClients(RpcClient rpc) {
        this.rpc = rpc;
        this.flows = new FlowRequests(rpc, FLOW_TIMEOUT);
    }

    /** A temporary flow from inline actions; its validation errors (INVALID_ACTION_TYPE…) come back typed. */
    public UUID createTemporaryFlow(UUID customerId, JsonNode actions) {
        return flows.createTemporary(customerId, "temporary flow of a provider call", actions);
    }

    /** The flow must exist and not be deleted (a super-admin may use any customer's flow). */
    public void requireFlow(UUID flowId) {
        flows.require(flowId, null);
    }

    public void deleteFlow(UUID flowId) {
        flows.delete(flowId);
    }

    /**
     * Asks call-manager to place the provider call's calls, keyed by the provider call: call-manager serves a key
     * once, so a redelivered or repeated request answers the first result instead of placing the calls again.
     */
    public JsonNode createCalls(UUID providercallId, UUID customerId, UUID flowId, Address source,
                                List<Address> destinations, String anonymous, UUID providerId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_key", requestKey(providercallId));
        body.put("customer_id", customerId.toString());
        body.put("flow_id", flowId.toString());
        body.put("source", source);
        body.put("destinations", destinations);
        body.put("anonymous", anonymous);
        // server-side only: a client can never set these
        body.put("metadata", Map.of("route_provider_ids", List.of(providerId.toString()),
                "skip_source_validation", true, "rtp_debug", true));
        RpcResponse reply = rpc.call("call-manager", "POST", "/v1/calls", body, CREATE_CALLS_TIMEOUT);
        return reply.dataOrThrow();
    }

    static String requestKey(UUID providercallId) {
        return "providercall:" + providercallId;
    }

    /**
     * What call-manager made of the provider call's create request: {@code {"status":"served","result":{…}}} or
     * {@code {"status":"serving"}}; 404 {@code CREATE_REQUEST_NOT_FOUND} when it never took it.
     */
    public JsonNode createRequestStatus(UUID providercallId) {
        return rpc.call("call-manager", "GET", "/v1/calls/requests/" + requestKey(providercallId), null,
                REPORT_TIMEOUT).dataOrThrow();
    }

    /** call-manager's report of a provider call's calls (and its groupcalls' legs). */
    public JsonNode report(UUID providercallId, List<UUID> callIds, List<UUID> groupcallIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("providercall_id", providercallId.toString());
        body.put("call_ids", callIds.stream().map(UUID::toString).toList());
        body.put("groupcall_ids", groupcallIds.stream().map(UUID::toString).toList());
        return rpc.call("call-manager", "POST", "/v1/reports/providercall", body, REPORT_TIMEOUT).dataOrThrow();
    }
}
