package io.provtest.common.address;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AllowListTest {

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void anAddressAllowsExactlyItselfOnEveryPort() throws Exception {
        AllowList list = AllowList.parse("127.0.0.1");
        assertTrue(list.allows("127.0.0.1", ip("127.0.0.1"), 5090));
        assertTrue(list.allows("127.0.0.1", ip("127.0.0.1"), 80));
        assertFalse(list.allows("127.0.0.2", ip("127.0.0.2"), 5090), "127.0.0.2 stays refused");
        assertFalse(list.allows("127.1.0.1", ip("127.1.0.1"), 5090));
        // a name that resolves to the allowed address is allowed: what is contacted is what was allowed
        assertTrue(list.allows("localhost", ip("127.0.0.1"), 5090));
    }

    @Test
    void withAPortOnlyThatPort() throws Exception {
        AllowList list = AllowList.parse(" 10.0.0.5:5090 , [fd00::5]:5061,::1 ");
        assertTrue(list.allows("10.0.0.5", ip("10.0.0.5"), 5090));
        assertFalse(list.allows("10.0.0.5", ip("10.0.0.5"), 5060));
        assertTrue(list.allows("fd00::5", ip("fd00::5"), 5061));
        assertFalse(list.allows("fd00::5", ip("fd00::5"), 5060));
        assertTrue(list.allows("::1", ip("::1"), 1234), "a bare IPv6 address is an entry without a port");
    }

    @Test
    void aNameAllowsThatNameWhateverItResolvesTo() throws Exception {
        AllowList list = AllowList.parse("PBX.internal:5060");
        assertTrue(list.allows("pbx.internal", ip("10.1.2.3"), 5060));
        assertFalse(list.allows("pbx.internal", ip("10.1.2.3"), 5070));
        assertFalse(list.allows("other.internal", ip("10.1.2.3"), 5060));
        assertFalse(list.allows("10.1.2.3", ip("10.1.2.3"), 5060), "the name does not allow its address");
    }

    @Test
    void anIpv4MappedAddressMatchesItsIpv4Entry() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        assertTrue(AllowList.parse("127.0.0.1").allows("x", java.net.Inet6Address.getByAddress(null, mapped, null), 1));
    }

    @Test
    void emptyAndMalformedLists() throws Exception {
        assertTrue(AllowList.parse("").isEmpty());
        assertTrue(AllowList.parse(null).isEmpty());
        assertTrue(AllowList.parse(" , ").isEmpty());
        assertFalse(AllowList.NONE.allows("127.0.0.1", ip("127.0.0.1"), 5060));
        assertThrows(IllegalArgumentException.class, () -> AllowList.parse("127.0.0.1:99999"));
        assertThrows(IllegalArgumentException.class, () -> AllowList.parse("10.0.0.0/8"));
        assertThrows(IllegalArgumentException.class, () -> AllowList.parse("http://x"));
    }
}
