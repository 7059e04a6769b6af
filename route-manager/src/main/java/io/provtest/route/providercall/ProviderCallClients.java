package io.provtest.route.providercall;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.RpcApis;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.api.call.CallsCreated;
import io.provtest.common.api.call.CreateCallsRequest;
import io.provtest.common.api.call.CreateRequestStatus;
import io.provtest.common.api.call.ProvidercallReportRequest;
import io.provtest.common.api.flow.FlowManagerApi;
import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Address;
import io.provtest.common.rpc.RpcClient;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What the provider-call orchestration asks of flow-manager and call-manager, through their typed clients: the
 * request key, the server-side call settings and the deadlines are decided here. Deadlines line up under the
 * gateway's 15 s: create-calls 10 s, which covers call-manager's own 3 s calls to route-manager; flows 3 s.
 */
@Singleton
public class ProviderCallClients {

    static final Duration CALL_MANAGER_TIMEOUT = Duration.ofSeconds(10);
    static final Duration FLOW_TIMEOUT = Duration.ofSeconds(3);

    private final FlowManagerApi flows;
    /** Under the gateway's 15 s; a report may wait up to 2 s for a just-ended call's last trace messages. */
    private final CallManagerApi calls;
    private final boolean tagCalls;

    public ProviderCallClients(RpcClient rpc, ProviderCallConfig config) {
        this.flows = RpcApis.client(FlowManagerApi.class, rpc, FLOW_TIMEOUT);
        this.calls = RpcApis.client(CallManagerApi.class, rpc, CALL_MANAGER_TIMEOUT);
        this.tagCalls = config.tagCalls();
    }

    /**
     * A temporary flow from inline actions, under the id the pending record already names; its validation errors
     * (INVALID_ACTION_TYPE…) come back typed. Answers the id flow-manager stored it under.
     */
    public UUID createTemporaryFlow(UUID id, UUID customerId, JsonNode actions) {
        return flows.createTemporaryFlow(id, customerId, "temporary flow of a provider call", actions);
    }

    /** The flow must exist and not be deleted (a super-admin may use any customer's flow). */
    public void requireFlow(UUID flowId) {
        flows.requireUsable(flowId, null);
    }

    /**
     * Deletes a temporary flow; one already gone is deleted. Any other failure is thrown (not swallowed as a best
     * effort): the caller keeps the record that names the flow until the flow is gone.
     */
    public void deleteFlow(UUID flowId) {
        try {
            flows.deleteFlow(flowId);
        } catch (ServiceException e) {
            if (!"FLOW_NOT_FOUND".equals(e.error().reason())) {
                throw e;
            }
        }
    }

    /**
     * Asks call-manager to place the provider call's calls, keyed by the provider call: call-manager serves a key
     * once, so a redelivered or repeated request answers the first result instead of placing the calls again.
     */
    public CallsCreated createCalls(UUID providercallId, UUID customerId, UUID flowId, Address source,
                                    List<Address> destinations, String anonymous, UUID providerId) {
        return createCalls(providercallId, customerId, flowId, null, source, destinations, anonymous, providerId);
    }

    /**
     * The same, with {@code flowActions} (not null): the inline actions of the temporary flow {@code flowId}, which
     * the first call's activeflow makes in flow-manager (validated there; an invalid action comes back as this
     * request's typed 400, call-manager placing nothing).
     */
    public CallsCreated createCalls(UUID providercallId, UUID customerId, UUID flowId, JsonNode flowActions,
                                    Address source, List<Address> destinations, String anonymous, UUID providerId) {
        return calls.createCalls(new CreateCallsRequest(requestKey(providercallId), customerId, flowId, source,
                destinations, anonymous, metadata(providerId, providercallId, tagCalls), flowActions));
    }

    /**
     * Pure: the server-side metadata of a provider call's calls (a client can never set these): the forced provider,
     * no source check, RTP kept for the report, and, when {@code tag}, the record's id on every call and groupcall,
     * so their hang-up events name it (ReportReadiness).
     */
    static CreateCallsRequest.Metadata metadata(UUID providerId, UUID providercallId, boolean tag) {
        return new CreateCallsRequest.Metadata(List.of(providerId), true, true, tag ? providercallId : null);
    }

    static String requestKey(UUID providercallId) {
        return "providercall:" + providercallId;
    }

    /** What call-manager made of the provider call's create request (404 CREATE_REQUEST_NOT_FOUND: never taken). */
    public CreateRequestStatus createRequestStatus(UUID providercallId) {
        return calls.createRequestStatus(requestKey(providercallId));
    }

    /** call-manager's report of a provider call's calls (and its groupcalls' legs). */
    public JsonNode report(UUID providercallId, List<UUID> callIds, List<UUID> groupcallIds) {
        return calls.providercallReport(new ProvidercallReportRequest(providercallId, callIds, groupcallIds));
    }

    /**
     * The report only if it is complete: while a call is live, call-manager answers {@code complete: false} without
     * building it. The announcement asks so right after a record settles, when its calls are usually still up.
     */
    public JsonNode completeReport(UUID providercallId, List<UUID> callIds, List<UUID> groupcallIds) {
        return calls.providercallReport(new ProvidercallReportRequest(providercallId, callIds, groupcallIds, true));
    }
}
