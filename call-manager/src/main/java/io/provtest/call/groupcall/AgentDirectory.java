package io.provtest.call.groupcall;

import io.provtest.common.api.gateway.GatewayApi;
import io.provtest.common.error.ServiceException;
import io.provtest.common.model.AgentDialPlan;
import jakarta.inject.Singleton;
import java.util.UUID;

/** Agents live in the gateway's identity store; call-manager asks for the addresses to ring over RPC. */
@Singleton
public class AgentDirectory {

    private final GatewayApi gateway;

    public AgentDirectory(GatewayApi gateway) {
        this.gateway = gateway;
    }

    /** The agent, which must be the customer's own and not deleted: anything else is answered as missing. */
    public AgentDialPlan forCustomer(UUID agentId, UUID customerId) {
        AgentDialPlan agent;
        try {
            agent = gateway.agent(agentId);
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
