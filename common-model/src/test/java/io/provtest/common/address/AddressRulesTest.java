package io.provtest.common.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.error.ServiceException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressRulesTest {

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void publicAddressesPassAndEveryRefusedRangeIsNamed() throws Exception {
        assertTrue(AddressRules.decide("x", 5060, List.of(ip("8.8.8.8")), AllowList.NONE, a -> false).allowed());
        AddressRules.Verdict verdict = AddressRules.decide("x", 5060, List.of(ip("10.0.0.1")), AllowList.NONE, a -> false);
        assertFalse(verdict.allowed());
        assertEquals(AddressRange.PRIVATE, verdict.range());
        assertEquals(ip("10.0.0.1"), verdict.refused());
    }

    @Test
    void oneRefusedAddressAmongTheResolvedOnesRefusesTheHost() throws Exception {
        AddressRules.Verdict verdict = AddressRules.decide("mixed.example", 5060,
                List.of(ip("8.8.8.8"), ip("169.254.169.254")), AllowList.NONE, a -> false);
        assertEquals(AddressRange.METADATA, verdict.range());
    }

    @Test
    void theAllowListMakesExceptionsPerAddressAndPort() throws Exception {
        AllowList list = AllowList.parse("127.0.0.1");
        assertTrue(AddressRules.decide("127.0.0.1", 5090, List.of(ip("127.0.0.1")), list, a -> false).allowed());
        assertFalse(AddressRules.decide("127.0.0.2", 5090, List.of(ip("127.0.0.2")), list, a -> false).allowed());
        AllowList withPort = AllowList.parse("127.0.0.1:5090");
        assertFalse(AddressRules.decide("127.0.0.1", 5060, List.of(ip("127.0.0.1")), withPort, a -> false).allowed());
    }

    @Test
    void thePlatformsOwnAddressesAreRefusedEvenWhenPublic() throws Exception {
        InetAddress own = ip("203.0.114.7");
        AddressRules.Verdict verdict = AddressRules.decide("x", 5080, List.of(own), AllowList.NONE, own::equals);
        assertEquals(AddressRange.SELF, verdict.range());
    }

    @Test
    void atWriteTimeOnlyLiteralsAreJudged() {
        assertTrue(AddressRules.literal(HostPort.parse("pbx.example"), 5060, AllowList.NONE).allowed());
        assertEquals(AddressRange.LOOPBACK,
                AddressRules.literal(HostPort.parse("127.0.0.2:5090"), 5060, AllowList.parse("127.0.0.1")).range());
        assertEquals(AddressRange.LINK_LOCAL,
                AddressRules.literal(HostPort.parse("[fe80::1]"), 5060, AllowList.NONE).range());
        assertTrue(AddressRules.literal(HostPort.parse("127.0.0.1:5090"), 5060, AllowList.parse("127.0.0.1")).allowed());
    }

    @Test
    void theRefusalIsA400WithTheReasonAndTheField() {
        ServiceException e = AddressRules.notAllowed("destinations[0].target", "10.0.0.1 is a private address");
        assertEquals(400, e.httpStatus());
        assertEquals(AddressRules.NOT_ALLOWED, e.error().reason());
        assertEquals("destinations[0].target", e.error().details().get(0).field());
    }

    @Test
    void aMediaAddressIsJudgedLikeTheDestinationAndAnAllowedHostAllowsEveryMediaPort() throws Exception {
        AllowList sipPortOnly = AllowList.parse("127.0.0.1:5090,pbx.internal");
        assertTrue(AddressRules.media("127.0.0.1", List.of(ip("127.0.0.1")), sipPortOnly, a -> false).allowed(),
                "the entry's port is a SIP port: the host's RTP ports are allowed");
        assertTrue(AddressRules.media("pbx.internal", List.of(ip("10.1.2.3")), sipPortOnly, a -> false).allowed(),
                "a name entry vouches for the name, whatever it resolves to");
        assertTrue(AddressRules.media("8.8.8.8", List.of(ip("8.8.8.8")), AllowList.NONE, a -> false).allowed());
        assertEquals(AddressRange.LOOPBACK,
                AddressRules.media("127.0.0.2", List.of(ip("127.0.0.2")), sipPortOnly, a -> false).range());
        assertEquals(AddressRange.PRIVATE, AddressRules.media("media.example", List.of(ip("8.8.8.8"), ip("10.0.0.1")),
                sipPortOnly, a -> false).range());
        assertEquals(AddressRange.METADATA, AddressRules.media("169.254.169.254", List.of(ip("169.254.169.254")),
                AllowList.NONE, a -> false).range());
        assertEquals(AddressRange.SELF, AddressRules.media("203.0.114.9", List.of(ip("203.0.114.9")), AllowList.NONE,
                a -> a.getHostAddress().equals("203.0.114.9")).range());
    }
}
