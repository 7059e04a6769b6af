package io.provtest.common.api.gateway;

import io.provtest.common.api.Operation;
import io.provtest.common.api.PathParam;
import io.provtest.common.api.RpcService;
import io.provtest.common.model.AgentDialPlan;
import java.util.UUID;

/** api-gateway's RPC contract (it owns agents): what call-manager asks to ring an agent. */
@RpcService("api-gateway")
public interface GatewayApi {

    /** The agent's dial plan, deleted agents included; 404 AGENT_NOT_FOUND when there is none. */
    @Operation(method = "GET", path = "/v1/agents/{id}")
    AgentDialPlan agent(@PathParam("id") UUID id);
}
