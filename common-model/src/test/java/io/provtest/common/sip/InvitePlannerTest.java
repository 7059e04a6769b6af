package io.provtest.common.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Address;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvitePlannerTest {

    private static final Map<String, String> HEADERS = new LinkedHashMap<>(Map.of("X-Account", "42"));
    private final SipTrunk trunk = new SipTrunk("carrier.example:5070", "9", "#1", HEADERS);

    private static Address tel(String number) {
        return new Address("tel", number, null, null, null);
    }

    @Test
    void telDestinationGetsPrefixPostfixAndEncodedHash() {
        InvitePlan plan = InvitePlanner.plan(trunk, tel("+82 10-1234-5678"), tel("+14155551234"), "auto");
        assertEquals("sip:9+821012345678%231@carrier.example:5070", plan.requestUri());
        assertEquals("<sip:9+821012345678%231@carrier.example:5070>", plan.to());
        assertEquals("<sip:+14155551234@carrier.example>", plan.from());
        assertEquals(List.of(new InvitePlan.SipHeader("X-Account", "42")), plan.headers());
    }

    @Test
    void anonymousYesHidesTheCallerButAssertsItForTheCarrier() {
        InvitePlan plan = InvitePlanner.plan(trunk, tel("+821012345678"), tel("+14155551234"), "yes");
        assertEquals(InvitePlanner.ANONYMOUS_FROM, plan.from());
        assertEquals(List.of(new InvitePlan.SipHeader("Privacy", "id"),
                new InvitePlan.SipHeader("P-Asserted-Identity", "<tel:+14155551234>"),
                new InvitePlan.SipHeader("X-Account", "42")), plan.headers());
    }

    @Test
    void anonymousYesWithANonE164SourceIsRefusedBeforeDialing() {
        ServiceException e = assertThrows(ServiceException.class,
                () -> InvitePlanner.plan(trunk, tel("+821012345678"), tel("4155551234"), "yes"));
        assertEquals("INVALID_SOURCE", e.error().reason());
    }

    @Test
    void onlyYesNoAutoAndEmptyAreAnonymousValues() {
        for (String ok : new String[] {"yes", "no", "auto", "", null}) {
            InvitePlanner.anonymousMode(ok);
        }
        assertEquals("INVALID_ANONYMOUS_VALUE",
                assertThrows(ServiceException.class, () -> InvitePlanner.anonymousMode("YES")).error().reason());
    }

    @Test
    void sipDestinationStaysOnTheProvidersHost() {
        InvitePlan plan = InvitePlanner.plan(new SipTrunk("carrier.example", "", "", Map.of()),
                new Address("sip", "alice@elsewhere.example", null, null, null), tel("+14155551234"), "no");
        assertEquals("sip:alice@carrier.example", plan.requestUri());
    }

    @Test
    void aTcpCarrierIsAddressedOverTcp() {
        InvitePlan plan = InvitePlanner.plan(new SipTrunk("carrier.example:5070", "", "", Map.of(), "tcp"),
                tel("+821012345678"), tel("+14155551234"), "no");
        assertEquals("sip:+821012345678@carrier.example:5070;transport=tcp", plan.requestUri());
        assertEquals("tcp", plan.transport());
        assertEquals("udp", InvitePlanner.plan(trunk, tel("+821012345678"), tel("+14155551234"), "no").transport());
    }

    @Test
    void sourcesAreEncodedNotInjected() {
        InvitePlan plan = InvitePlanner.plan(trunk, tel("+821012345678"),
                new Address("tel", "123>\r\nVia: x", "Evil\"\r\nName", null, null), "no");
        assertEquals("\"Evil\\\"  Name\" <sip:123%3E%0D%0AVia%3A%20x@carrier.example>", plan.from());
        assertThrows(ServiceException.class, () -> InvitePlanner.plan(trunk, tel("+821012345678"),
                new Address("sip", "a@b>;x", null, null, null), "no"));
    }

    /**
     * The sip source's host is judged by SipHost, as a provider's hostname is; the planner's former character-class
     * check let through hosts that are no host at all (1.2.3, a..b, -pbx), which then went into From verbatim.
     */
    @Test
    void aSipSourcesHostFollowsTheProviderHostGrammar() {
        InvitePlan plan = InvitePlanner.plan(trunk, tel("+821012345678"),
                new Address("sip", "sip:alice@[2001:db8::1]:5070", null, null, null), "no");
        assertEquals("<sip:alice@[2001:db8::1]:5070>", plan.from());
        assertEquals("<sip:alice@PBX.example>", InvitePlanner.plan(trunk, tel("+821012345678"),
                new Address("sip", "alice@PBX.example", null, null, null), "no").from());
        for (String host : new String[] {"1.2.3", "a..b", "-pbx", "pbx.example:0", "2001:db8::1", "[zz::1]"}) {
            assertEquals("INVALID_SOURCE", assertThrows(ServiceException.class, () -> InvitePlanner.plan(trunk,
                    tel("+821012345678"), new Address("sip", "alice@" + host, null, null, null), "no"))
                    .error().reason(), host);
        }
    }

    @Test
    void badDestinationsAreTyped400s() {
        for (Address bad : new Address[] {tel("12345"), tel("+12abc34567"), new Address("agent", "x", null, null, null), null}) {
            assertEquals("INVALID_DESTINATION",
                    assertThrows(ServiceException.class, () -> InvitePlanner.plan(trunk, bad, null, "no")).error().reason());
        }
    }
}
