package io.provtest.common.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.provtest.common.error.ServiceException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SipHostTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "carrier.example               | carrier.example     |      | carrier.example         | carrier.example",
            "Carrier-1.Example:5070        | Carrier-1.Example   | 5070 | Carrier-1.Example       | Carrier-1.Example:5070",
            "localhost                     | localhost           |      | localhost               | localhost",
            "sip:5060                      | sip                 | 5060 | sip                     | sip:5060",
            "192.0.2.10                    | 192.0.2.10          |      | 192.0.2.10              | 192.0.2.10",
            "127.0.0.1:65535               | 127.0.0.1           | 65535| 127.0.0.1               | 127.0.0.1:65535",
            "[2001:DB8::1]                 | 2001:DB8::1         |      | [2001:DB8::1]           | [2001:DB8::1]",
            "[::1]:1                       | ::1                 | 1    | [::1]                   | [::1]:1",
            "[::ffff:192.0.2.1]:5060       | ::ffff:192.0.2.1    | 5060 | [::ffff:192.0.2.1]      | [::ffff:192.0.2.1]:5060",
            "[1:2:3:4:5:6:7:8]             | 1:2:3:4:5:6:7:8     |      | [1:2:3:4:5:6:7:8]       | [1:2:3:4:5:6:7:8]",
    })
    void parsesEachFormKeepingItsCase(String text, String host, Integer port, String uriHost, String hostPort) {
        SipHost parsed = SipHost.parse(text);
        assertEquals(host, parsed.host());
        assertEquals(port, parsed.port());
        assertEquals(uriHost, parsed.uriHost());
        assertEquals(hostPort, parsed.hostPort());
        assertEquals(hostPort, parsed.toString());
        assertNull(SipHost.problem(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                           | must not be empty",
            "carrier .example             | must not contain whitespace or control characters",
            "' carrier.example'           | must not contain whitespace or control characters",
            "sip:carrier.example          | must not include a scheme such as sip:",
            "SIPS:carrier.example         | must not include a scheme such as sip:",
            "tel:+15551234567             | must not include a scheme such as sip:",
            "http://carrier.example       | must not include a scheme such as sip:",
            "alice@carrier.example        | must not include a user part (user@)",
            "carrier.example/path         | must not include a path",
            "[2001:db8::1                 | is not a valid bracketed IPv6 address",
            "[2001:db8::1]x               | is not a valid bracketed IPv6 address",
            "[1::2::3]                    | is not a valid bracketed IPv6 address",
            "[1:2:3:4:5:6:7:8:9]          | is not a valid bracketed IPv6 address",
            "[fe80::1%eth0]               | is not a valid bracketed IPv6 address",
            "[carrier.example]            | is not a valid bracketed IPv6 address",
            "2001:db8::1                  | an IPv6 address must be enclosed in [ ]",
            "256.0.0.1                    | is not a valid IPv4 address",
            "127.1                        | is not a valid IPv4 address",
            "carrier.example.             | is not a valid DNS name",
            "-carrier.example             | is not a valid DNS name",
            "carrier_1.example            | is not a valid DNS name",
            "carrier.example:0            | port must be a number from 1 to 65535",
            "carrier.example:65536        | port must be a number from 1 to 65535",
            "carrier.example:              | port must be a number from 1 to 65535",
            "carrier.example:50a          | port must be a number from 1 to 65535",
            "[::1]:123456                 | port must be a number from 1 to 65535",
    })
    void refusesWithTheValidatorsReason(String text, String reason) {
        assertEquals(reason, SipHost.problem(text));
        assertEquals(reason, assertThrows(IllegalArgumentException.class, () -> SipHost.parse(text)).getMessage());
    }

    @Test
    void nullIsEmptyAndControlCharactersAreRefused() {
        assertEquals("must not be empty", SipHost.problem(null));
        assertEquals("must not contain whitespace or control characters", SipHost.problem("carrier\u007f.example"));
        assertEquals("must not contain whitespace or control characters", SipHost.problem("carrier.example\r\n"));
    }

    @Test
    void aLabelIsAtMost63AndANameAtMost253Characters() {
        assertNull(SipHost.problem("a".repeat(63) + ".example"));
        assertEquals("is not a valid DNS name", SipHost.problem("a".repeat(64) + ".example"));
        String name = ("a".repeat(49) + ".").repeat(5) + "abc"; // 253 characters
        assertNull(SipHost.problem(name));
        assertEquals("is not a valid DNS name", SipHost.problem(name + "d"));
    }

    @Test
    void aHostGivenWithItsPartsIsBracketedOnlyWhenItIsIpv6() {
        assertEquals("[::1]:5060", new SipHost("::1", 5060).hostPort());
        assertEquals("[::1]:5060", new SipHost("[::1]", 5060).hostPort()); // a setting may write the brackets
        assertEquals("::1", new SipHost("[::1]", null).host());
        assertEquals("10.0.0.5", new SipHost("10.0.0.5", null).hostPort());
    }

    @Test
    void aTrunkWhoseStoredHostnameDoesNotParseIsRefusedAs400() {
        ServiceException e = assertThrows(ServiceException.class,
                () -> new SipTrunk("sip:carrier.example", "", "", Map.of()).host());
        assertEquals("INVALID_PROVIDER", e.error().reason());
        assertEquals("The provider's hostname must not include a scheme such as sip:.", e.error().message());
    }
}
