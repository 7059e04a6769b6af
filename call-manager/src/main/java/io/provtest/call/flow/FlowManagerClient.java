package io.provtest.call.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ServiceException;
import io.provtest.common.rpc.RpcClient;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** call-manager's questions to flow-manager: start a call's activeflow, ask for its next action, stop it. */
@Singleton
public class FlowManagerClient {

    private static final Logger LOG = Logger.getLogger(FlowManagerClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final RpcClient rpc;

    public FlowManagerClient(RpcClient rpc) {
        this.rpc = rpc;
    }

    public UUID createActiveflow(UUID flowId, UUID callId) {
        Map<String, Object> body = Map.of("flow_id", flowId.toString(), "reference_type", "call",
                "reference_id", callId.toString());
        return UUID.fromString(rpc.call("flow-manager", "POST", "/v1/activeflows", body, TIMEOUT).dataOrThrow()
                .get("id").asText());
    }

    /** The next action ({@code {"action":…}}) or {@code {"finished":true}}. */
    public JsonNode next(UUID activeflowId, UUID currentActionId) {
        Map<String, Object> body = new HashMap<>();
        body.put("current_action_id", currentActionId == null ? null : currentActionId.toString());
        return rpc.call("flow-manager", "POST", "/v1/activeflows/" + activeflowId + "/next", body, TIMEOUT).dataOrThrow();
    }

    public void stop(UUID activeflowId) {
        try {
            rpc.call("flow-manager", "POST", "/v1/activeflows/" + activeflowId + "/stop", null, TIMEOUT).dataOrThrow();
        } catch (ServiceException e) {
            LOG.debugf("activeflow %s not stopped: %s", activeflowId, e.getMessage());
        }
    }
}
