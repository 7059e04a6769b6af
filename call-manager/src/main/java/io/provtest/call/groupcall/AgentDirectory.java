package io.provtest.call.groupcall;

import io.provtest.common.api.gateway.GatewayApi;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Address;
import io.provtest.common.model.AgentDialPlan;
import io.provtest.common.model.Destinations;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Agents live in the gateway's identity store; call-manager asks for the addresses to ring over RPC. Also what a
 * list of destinations expands to once its agents are looked up (the outbound limits count those addresses).
 */
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

    /**
     * Each destination's addresses as they would be rung: a tel or sip destination itself, an agent its tel and sip
     * addresses (for the leg cap and the outbound limits, before anything is created). An agent that cannot be rung
     * (missing, another customer's, no usable address) counts nothing here: its own error comes when its leg is
     * placed. Any other type counts nothing either.
     */
    public List<List<Address>> expand(UUID customerId, List<Address> destinations) {
        List<List<Address>> expanded = new ArrayList<>();
        for (Address d : destinations) {
            if ("agent".equals(d.type())) {
                try {
                    expanded.add(ringable(forCustomer(UUID.fromString(d.target()), customerId)));
                } catch (ServiceException | IllegalArgumentException e) {
                    expanded.add(List.of());
                }
            } else if ("tel".equals(d.type()) || "sip".equals(d.type())) {
                expanded.add(List.of(d));
            } else {
                expanded.add(List.of());
            }
        }
        return expanded;
    }

    /**
     * The agent's addresses to ring: its tel and sip ones that are valid destinations. An agent's addresses never
     * name an agent, so a tree is at most one agent level deep (the nesting bound) and cannot loop. None:
     * 409 {@code AGENT_UNREACHABLE}.
     */
    public static List<Address> ringable(AgentDialPlan agent) {
        List<Address> usable = agent.addresses() == null ? List.of() : agent.addresses().stream()
                .filter(a -> "tel".equals(a.type()) || "sip".equals(a.type()))
                .filter(a -> Destinations.problem(a) == null).toList();
        if (usable.isEmpty()) {
            throw new ServiceException(ErrorStatus.FAILED_PRECONDITION, "AGENT_UNREACHABLE",
                    "The agent " + agent.id() + " has no tel or sip address to ring.");
        }
        return usable;
    }

    private static ServiceException notFound(UUID agentId) {
        return ServiceException.notFound("AGENT_NOT_FOUND", "The agent " + agentId + " was not found.");
    }
}
