package io.provtest.common.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @Test
    void namesIpv4AndBracketedIpv6WithOrWithoutAPort() throws Exception {
        HostPort name = HostPort.parse("PBX.Example.com:5070");
        assertEquals("pbx.example.com", name.host());
        assertEquals(5070, name.port());
        assertFalse(name.isLiteral());

        HostPort v4 = HostPort.parse("10.0.0.1");
        assertNull(v4.port());
        assertEquals(5060, v4.portOr(5060));
        assertEquals(InetAddress.getByName("10.0.0.1"), v4.literal());

        HostPort v6 = HostPort.parse("[FE80::1]:5061");
        assertEquals("fe80::1", v6.host());
        assertEquals(5061, v6.port());
        assertEquals(InetAddress.getByName("fe80::1"), v6.literal());
        assertEquals("[fe80::1]:5061", v6.toString());

        assertTrue(HostPort.parse("[::ffff:127.0.0.1]").isLiteral());
        assertEquals("localhost", HostPort.parse("localhost").host());
    }

    /** The grammar is SipHost's; the address rules add lower case and a last label that starts with a letter. */
    @Test
    void theGrammarIsSipHostsWithALetterLedLastLabel() {
        assertEquals("the host must not include a scheme such as sip:",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse("sip:pbx.example")).getMessage());
        assertEquals("the port must be a number from 1 to 65535",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse("pbx.example:0")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HostPort.parse("pbx.1example")).getMessage()
                .contains("last label must start with a letter"));
        assertEquals("[2001:db8::1]:5060", HostPort.parse("[2001:DB8::1]:5060").toString());
        assertEquals("[2001:db8::1]", HostPort.parse("[2001:db8::1]").uriHost());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "127.1", "2130706433", "0x7f000001", "010.0.0.1", "127.0.0.01", "256.0.0.1",
            "1.2.3.4.5", "::1", "[::1", "[::1]x", "[fe80::1%eth0]", "[1.2.3.4]", "host:0", "host:65536", "host:",
            "host:50a", "ho_st", "-host", "host-", "a..b", "host.", "pbx.example;maddr=10.0.0.1",
            "pbx.example?Route=x", "pbx.example>", "user@host", "h st", "pbx.example:5060;transport=tcp",
            "1.2.3.4e", "sips:pbx.example", "pbx.example/path"})
    void anythingAResolverCouldReadAnotherWayIsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
    }
}
