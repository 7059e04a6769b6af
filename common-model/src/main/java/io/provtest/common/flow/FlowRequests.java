package io.provtest.common.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ServiceException;
import io.provtest.common.rpc.RpcClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The flow-manager requests of anything that places calls for a client (provider calls, groupcalls): a temporary
 * flow from inline actions, the check that a named flow may be used, and the compensating delete.
 */
public final class FlowRequests {

    private static final Logger LOG = Logger.getLogger(FlowRequests.class);

    private final RpcClient rpc;
    private final Duration timeout;

    public FlowRequests(RpcClient rpc, Duration timeout) {
        this.rpc = rpc;
        this.timeout = timeout;
    }

    /** A temporary flow; flow-manager's validation errors (INVALID_ACTION_TYPE…) come back typed. */
    public UUID createTemporary(UUID customerId, String detail, JsonNode actions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer_id", customerId.toString());
        body.put("name", "tmp");
        body.put("detail", detail);
        body.put("actions", actions);
        body.put("persist", false);
        return UUID.fromString(rpc.call("flow-manager", "POST", "/v1/flows", body, timeout).dataOrThrow()
                .get("id").asText());
    }

    /**
     * The flow must exist, not be deleted and, when {@code customerId} is given, belong to that customer (another
     * customer's flow is answered as missing: its id reveals nothing).
     */
    public void require(UUID flowId, UUID customerId) {
        JsonNode flow = rpc.call("flow-manager", "GET", "/v1/flows/" + flowId, null, timeout).dataOrThrow();
        boolean foreign = customerId != null && !customerId.toString().equals(flow.path("customer_id").asText());
        if (!flow.path("tm_delete").isNull() || foreign) {
            throw ServiceException.notFound("FLOW_NOT_FOUND", "The flow was not found.");
        }
    }

    /** Compensation: best effort, logged when it fails (a temporary flow then expires on its own). */
    public void delete(UUID flowId) {
        try {
            rpc.call("flow-manager", "DELETE", "/v1/flows/" + flowId, null, timeout).dataOrThrow();
        } catch (ServiceException e) {
            LOG.warnf("temporary flow %s not deleted (%s); it expires on its own", flowId, e.getMessage());
        }
    }
}
