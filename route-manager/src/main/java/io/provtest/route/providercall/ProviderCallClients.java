package io.provtest.route.providercall;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Address;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What the provider-call orchestration asks of flow-manager and call-manager. Deadlines line up under the
 * gateway's 15 s: create-calls 10 s, which covers call-manager's own 3 s calls to route-manager; flows 3 s.
 */
@Singleton
public class ProviderCallClients {

    private static final Logger LOG = Logger.getLogger(ProviderCallClients.class);
    static final Duration CREATE_CALLS_TIMEOUT = Duration.ofSeconds(10);
    static final Duration FLOW_TIMEOUT = Duration.ofSeconds(3);

    private final RpcClient rpc;

    public ProviderCallClients(RpcClient rpc) {
        this.rpc = rpc;
    }

    /** A temporary flow from inline actions; its validation errors (INVALID_ACTION_TYPE…) come back typed. */
    public UUID createTemporaryFlow(UUID customerId, JsonNode actions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer_id", customerId.toString());
        body.put("name", "tmp");
        body.put("detail", "temporary flow of a provider call");
        body.put("actions", actions);
        body.put("persist", false);
        return UUID.fromString(rpc.call("flow-manager", "POST", "/v1/flows", body, FLOW_TIMEOUT).dataOrThrow()
                .get("id").asText());
    }

    /** The flow must exist and not be deleted. */
    public void requireFlow(UUID flowId) {
        JsonNode flow = rpc.call("flow-manager", "GET", "/v1/flows/" + flowId, null, FLOW_TIMEOUT).dataOrThrow();
        if (!flow.path("tm_delete").isNull()) {
            throw ServiceException.notFound("FLOW_NOT_FOUND", "The flow was not found.");
        }
    }

    /** Compensation: best effort, logged when it fails (the temporary flow then expires on its own). */
    public void deleteFlow(UUID flowId) {
        try {
            rpc.call("flow-manager", "DELETE", "/v1/flows/" + flowId, null, FLOW_TIMEOUT).dataOrThrow();
        } catch (ServiceException e) {
            LOG.warnf("temporary flow %s not deleted (%s); it expires on its own", flowId, e.getMessage());
        }
    }

    public JsonNode createCalls(UUID customerId, UUID flowId, Address source, List<Address> destinations,
                                String anonymous, UUID providerId) {
        Map<String, Object> body = new LinkedHashMap<>();
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
}
