package io.provtest.call.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SipTraceViewTest {

    private static final String INVITE = "INVITE sip:99+821012345678%23x@sip.carrier.example:5070 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK1\r\n"
            + "From: <sip:+14155551234@sip.carrier.example:5070>;tag=1\r\n"
            + "To: <sip:99+821012345678%23x@sip.carrier.example:5070>\r\n"
            + "Call-ID: abc@127.0.0.1\r\nCSeq: 1 INVITE\r\nX-Account: secret-42\r\n"
            + "Content-Type: application/sdp\r\n\r\nv=0\r\nc=IN IP4 127.0.0.1\r\n";
    private static final String OK = "SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK1;received=10.9.8.7\r\n"
            + "Contact: <sip:carrier@203.0.113.77:5070>\r\nRecord-Route: <sip:edge.carrier.example;lr>\r\n"
            + "CSeq: 1 INVITE\r\n\r\nv=0\r\nc=IN IP4 203.0.113.78\r\n";

    private static SipMessageRecord record(String direction, String raw) {
        return new SipMessageRecord(UUID.randomUUID(), "abc@127.0.0.1", Instant.now(), direction, "127.0.0.1:5080",
                "203.0.113.77:5070", raw.substring(0, raw.indexOf('\r')), raw);
    }

    @Test
    void theCustomerSeesTheLadderWithoutTheProvidersAddressesPrefixesOrHeaders() {
        List<SipMessageRecord> shown = SipTraceView.forCustomer(List.of(record("sent", INVITE),
                record("received", OK)), "+821012345678");
        assertEquals("INVITE sip:+821012345678@provider.invalid SIP/2.0", shown.get(0).firstLine());
        assertEquals("INVITE sip:+821012345678@provider.invalid SIP/2.0\r\nCSeq: 1 INVITE\r\n", shown.get(0).raw());
        assertEquals("SIP/2.0 200 OK", shown.get(1).firstLine());
        assertEquals("sent", shown.get(0).direction());
        for (SipMessageRecord m : shown) {
            String all = m.toString();
            for (String secret : List.of("carrier.example", "99+", "%23x", "X-Account", "secret-42", "203.0.113",
                    "10.9.8.7", "5070")) {
                assertFalse(all.contains(secret), secret + " in " + all);
            }
            assertEquals(SipTraceView.PROVIDER_HOST, m.remoteAddr());
        }
    }

    @Test
    void aLineThatIsNeitherRequestNorStatusIsMasked() {
        SipMessageRecord odd = new SipMessageRecord(UUID.randomUUID(), "x", Instant.now(), "received", "l", "r",
                "garbage from sip.carrier.example", "garbage from sip.carrier.example");
        assertEquals("(masked)", SipTraceView.forCustomer(List.of(odd), "+1").get(0).firstLine());
    }
}
