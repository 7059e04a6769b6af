package io.provtest.common.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SipUserPartTest {

    @Test
    void prefixNumberAndPostfixFormTheUserPartInThatOrder() {
        assertEquals("sip:99015551234567ext@sip.telnyx.com",
                SipUserPart.requestUri("9901", "5551234567", "ext", "sip.telnyx.com"));
    }

    @Test
    void plusStaysLiteralForE164() {
        assertEquals("sip:+15551234567@sip.telnyx.com", SipUserPart.requestUri("+", "15551234567", "", "sip.telnyx.com"));
    }

    @Test
    void hashIsPercentEncoded() {
        assertEquals("sip:%2331%23123@host", SipUserPart.requestUri("#31#", "123", "", "host"));
    }

    @Test
    void absentAffixesAreTheSameAsEmptyOnes() {
        assertEquals(SipUserPart.requestUri("", "123", "", "host"), SipUserPart.requestUri(null, "123", null, "host"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "host:5060", "1.2.3.4:5060", "[::1]:5060", "[2001:db8::1]"})
    void hostnameIsUsedVerbatim(String hostname) {
        assertEquals("sip:123@" + hostname, SipUserPart.requestUri("", "123", "", hostname));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-_.!~*'()", "&=+$,;?/", "azAZ09"})
    void rfc3261UserCharactersPassUnescaped(String user) {
        assertEquals("sip:" + user + "@h", SipUserPart.requestUri("", user, "", "h"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1@evil.com|1%40evil.com",
        "1 2|1%202",
        "1:2|1%3A2",
        "<1>|%3C1%3E",
        "100%|100%25",
        "a\"b|a%22b",
        "[1]|%5B1%5D",
        "\u00E9|%C3%A9",
    })
    void charactersOutsideTheUserSetArePercentEncoded(String number, String encoded) {
        assertEquals("sip:" + encoded + "@h", SipUserPart.requestUri("", number, "", "h"));
    }

    @Test
    void lineBreaksCannotReachTheRequestLine() {
        assertEquals("sip:1%0D%0AVia%3A%20x@h", SipUserPart.requestUri("", "1\r\nVia: x", "", "h"));
    }

    @Test
    void anEmptyUserPartIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SipUserPart.requestUri("", "", "", "h"));
    }

    @Test
    void aLoneSurrogateIsRefusedRatherThanSentAsQuestionMark() {
        assertThrows(IllegalArgumentException.class, () -> SipUserPart.requestUri("", "1\uD800", "", "h"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "+1", "*67", "#31#", "9901", "trunk-a.", "A_b"})
    void dialPrefixesAreSafeAffixes(String affix) {
        assertTrue(SipUserPart.isSafeTechAffix(affix));
    }

    @Test
    void anAffixHasAtMost32Characters() {
        assertTrue(SipUserPart.isSafeTechAffix("1".repeat(32)));
        assertFalse(SipUserPart.isSafeTechAffix("1".repeat(33)));
    }

    @Test
    void anAbsentAffixIsSafe() {
        assertTrue(SipUserPart.isSafeTechAffix(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"@", "1@evil.com", ";", "1;transport=tcp", ">", "<", "?", ":", "/", " ", "1 ", "\r", "\n",
        "\r\nVia: x", "%", "%40", "\"", "'", ",", "\t", "\u0000", "\u007F", "\u00E9", "\uFF11"})
    void anythingThatCouldReshapeTheRequestUriIsNotASafeAffix(String affix) {
        assertFalse(SipUserPart.isSafeTechAffix(affix));
    }
}
