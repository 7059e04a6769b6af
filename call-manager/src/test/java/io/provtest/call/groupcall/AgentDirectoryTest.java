package io.provtest.call.groupcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Address;
import io.provtest.common.model.AgentDialPlan;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a list of destinations expands to for the outbound limits (an agent: its usable tel and sip addresses), and
 * which agents can be rung at all, with the gateway's answers stood in for.
 */
class AgentDirectoryTest {

    private static final UUID CUSTOMER = UUID.randomUUID();
    private static final Address TEL = tel("+821012345678");
    private static final Address SIP = new Address("sip", "alice@carrier.example.com", "", "", "");

    private final AgentDialPlan reachable = agent(CUSTOMER, false, TEL, SIP,
            new Address("agent", UUID.randomUUID().toString(), "", "", ""), tel("not a number"),
            new Address("extension", "2001", "", "", ""));
    private final AgentDialPlan noAddress = agent(CUSTOMER, false, new Address("extension", "2001", "", "", ""));
    private final AgentDialPlan deleted = agent(CUSTOMER, true, TEL);
    private final AgentDialPlan anotherCustomers = agent(UUID.randomUUID(), false, TEL);
    private final Map<UUID, AgentDialPlan> known = Map.of(reachable.id(), reachable, noAddress.id(), noAddress,
            deleted.id(), deleted, anotherCustomers.id(), anotherCustomers);
    private final AgentDirectory directory = new AgentDirectory(id -> {
        AgentDialPlan agent = known.get(id);
        if (agent == null) {
            throw ServiceException.notFound("AGENT_NOT_FOUND", "The agent was not found.");
        }
        return agent;
    });

    @Test
    void aTelOrSipDestinationIsItselfAnAgentItsUsableTelAndSipAddressesAnythingElseNothing() {
        List<List<Address>> expanded = directory.expand(CUSTOMER, List.of(TEL, SIP, agentDestination(reachable.id()),
                new Address("extension", "2001", "", "", "")));

        assertEquals(List.of(List.of(TEL), List.of(SIP), List.of(TEL, SIP), List.of()), expanded);
    }

    @Test
    void anAgentThatCannotBeRungCountsNothingAndRaisesNothingHere() {
        List<Address> destinations = List.of(agentDestination(UUID.randomUUID()), agentDestination(deleted.id()),
                agentDestination(anotherCustomers.id()), agentDestination(noAddress.id()),
                new Address("agent", "not-a-uuid", "", "", ""));

        assertEquals(List.of(List.of(), List.of(), List.of(), List.of(), List.of()),
                directory.expand(CUSTOMER, destinations));
    }

    @Test
    void anotherCustomersOrADeletedAgentIsAnsweredAsMissing() {
        for (UUID id : List.of(anotherCustomers.id(), deleted.id(), UUID.randomUUID())) {
            ServiceException e = assertThrows(ServiceException.class, () -> directory.forCustomer(id, CUSTOMER));
            assertEquals("AGENT_NOT_FOUND", e.error().reason());
            assertEquals(404, e.error().status().httpStatus());
        }
    }

    @Test
    void anAgentWithNoUsableTelOrSipAddressIsUnreachable() {
        ServiceException e = assertThrows(ServiceException.class, () -> AgentDirectory.ringable(noAddress));
        assertEquals("AGENT_UNREACHABLE", e.error().reason());
        assertEquals(409, e.error().status().httpStatus());
        assertEquals(List.of(TEL, SIP), AgentDirectory.ringable(reachable));
    }

    private static AgentDialPlan agent(UUID customer, boolean deleted, Address... addresses) {
        return new AgentDialPlan(UUID.randomUUID(), customer, List.of(addresses), "ringall", deleted);
    }

    private static Address agentDestination(UUID agentId) {
        return new Address("agent", agentId.toString(), "", "", "");
    }

    private static Address tel(String number) {
        return new Address("tel", number, "", "", "");
    }
}
