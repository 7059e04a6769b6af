package io.provtest.call.groupcall;

import io.provtest.common.error.ServiceException;
import io.provtest.common.model.AgentDialPlan;
import io.provtest.common.rpc.RpcClient;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;

/** Agents live in the gateway's identity store; call-manager asks for the addresses to ring over RPC. */
@Singleton
public class AgentDirectory {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final RpcClient rpc;

    public AgentDirectory(RpcClient rpc) {
        this.rpc = rpc;
    }

    /** The agent, which must be the customer's own and not deleted: anything else is answered as missing. */
    public AgentDialPlan forCustomer(UUID agentId, UUID customerId) {
        AgentDialPlan agent;
        try {
            agent = rpc.call("api-gateway", "GET", "/v1/agents/" + agentId, null, TIMEOUT).dataAs(AgentDialPlan.class);
        } catch (ServiceException e) {
            if ("AGENT_NOT_FOUND".equals(e.error().reason())) {
                throw notFound(agentId);
            }
            throw e;
        }
        if (agent.deleted() || !customerId.equals(agent.customerId())) {
            throw notFound(agentId);
        }
        return agent;
    }

    private static ServiceException notFound(UUID agentId) {
        return ServiceException.notFound("AGENT_NOT_FOUND", "The agent " + agentId + " was not found.");
    }
}
