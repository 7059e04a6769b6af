package io.provtest.common.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SipUriTest {

    @Test
    void userHostAndPort() {
        SipUri uri = SipUri.parse("sip:desk-1@PBX.example:5070");
        assertEquals("desk-1", uri.user());
        assertEquals("pbx.example", uri.host().host());
        assertEquals(5070, uri.port());
        assertEquals(5060, SipUri.parse("+821012345678@10.0.0.1").port());
        assertEquals("[::1]", SipUri.parse("SIP:a@[::1]").host().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-host", "@pbx.example", "desk@", "desk@pbx.example;maddr=10.0.0.1",
            "desk@pbx.example;transport=tcp", "desk@pbx.example?Route=%3Csip:10.0.0.1%3E", "desk@a@pbx.example",
            "desk;x=1@pbx.example", "desk?x@pbx.example", "desk/x@pbx.example", "desk:secret@pbx.example",
            "desk%40x@pbx.example", "sips:desk@pbx.example", "desk@pbx.example>", "<sip:desk@pbx.example>",
            "desk @pbx.example", "desk@pbx.example\r\nVia: x", "desk@127.1", "desk@2130706433",
            "desk@pbx.example:0"})
    void parametersHeadersAndDisguisedHostsAreRefused(String target) {
        assertThrows(IllegalArgumentException.class, () -> SipUri.parse(target));
    }

    @Test
    void theUserPartIsBounded() {
        SipUri.parse("u".repeat(64) + "@pbx.example");
        assertThrows(IllegalArgumentException.class, () -> SipUri.parse("u".repeat(65) + "@pbx.example"));
    }
}
