package io.provtest.common.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SipHeadersTest {

    @ParameterizedTest
    @ValueSource(strings = {"X-Custom", "X-Account_ID", "Diversion", "x.y!%*_+`'~", "a"})
    void rfc3261TokensAreNames(String name) {
        assertTrue(SipHeaders.isToken(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X Custom", "X-Custom:", "X-Foo\r\nVia", "X@Y", "(x)", "<x>", "X\"Y", "X,Y", "X;Y",
        "X\u00E9"})
    void anythingElseIsNotAName(String name) {
        assertFalse(SipHeaders.isToken(name));
    }

    @Test
    void aNameHasAtMost64Characters() {
        assertTrue(SipHeaders.isToken("X".repeat(64)));
        assertFalse(SipHeaders.isToken("X".repeat(65)));
    }

    @Test
    void nullIsNotAName() {
        assertFalse(SipHeaders.isToken(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"From", "To", "Via", "Call-ID", "CSeq", "Contact", "Max-Forwards", "Route", "Record-Route",
        "Content-Length", "Content-Type", "P-Asserted-Identity", "P-Preferred-Identity", "Privacy", "Authorization",
        "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate", "Expires", "Allow", "Supported", "Require",
        "Proxy-Require", "Content-Encoding", "Content-Disposition", "Accept", "Event", "Refer-To", "Replaces"})
    void headersTheDialerOwnsAreReserved(String name) {
        assertTrue(SipHeaders.isReserved(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"from", "VIA", "cAlL-iD", "p-asserted-IDENTITY", "content-length"})
    void reservationIgnoresCase(String name) {
        assertTrue(SipHeaders.isReserved(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f", "t", "v", "i", "m", "l", "c", "k", "s", "e", "o", "u", "r", "x", "F", "V", "I", "X"})
    void compactFormsAreReserved(String name) {
        assertTrue(SipHeaders.isReserved(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Custom", "User-Agent", "Diversion", "X-From", "From-X", "Via2"})
    void otherHeadersAreNotReserved(String name) {
        assertFalse(SipHeaders.isReserved(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a b", "<sip:+15551234567@example.com>;tag=1", "\u00E9", " leading and trailing "})
    void printableValuesPass(String value) {
        assertNull(SipHeaders.valueProblem(value));
    }

    @Test
    void aValueOf256CharactersPassesAnd257DoNot() {
        assertNull(SipHeaders.valueProblem("a".repeat(256)));
        assertEquals("must be at most 256 characters", SipHeaders.valueProblem("a".repeat(257)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\r\nVia: SIP/2.0/UDP evil.example", "\r\n", "x\n"})
    void lineBreaksAreRefusedByName(String value) {
        assertEquals("contains CR or LF", SipHeaders.valueProblem(value));
    }

    @Test
    void nulIsRefusedByName() {
        assertEquals("contains NUL", SipHeaders.valueProblem("a\u0000b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\tb", "a\u0001b", "a\u001Fb", "a\u007Fb", "a\u0085b"})
    void otherControlCharactersAreRefused(String value) {
        assertEquals("contains a control character", SipHeaders.valueProblem(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\u2003"})
    void blankValuesAreRefused(String value) {
        assertEquals("must not be blank", SipHeaders.valueProblem(value));
    }

    @Test
    void nullIsNotAValue() {
        assertEquals("must be a string", SipHeaders.valueProblem(null));
    }
}
