package io.provtest.call.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpTest {

    @Test
    void offerListsTheProvidersCodecsInOrderWithARealPort() {
        String offer = Sdp.offer("127.0.0.1", 20002, List.of("PCMA", "PCMU"), 7);
        assertTrue(offer.contains("m=audio 20002 RTP/AVP 8 0\r\n"), offer);
        assertTrue(offer.contains("a=rtpmap:8 PCMA/8000\r\n"));
        assertTrue(offer.contains("c=IN IP4 127.0.0.1\r\n"));
    }

    @Test
    void emptyCodecsMeanPcmuThenPcma() {
        assertEquals(List.of("PCMU", "PCMA"), Sdp.codecs(""));
        assertEquals(List.of("PCMA"), Sdp.codecs("pcma"));
    }

    @Test
    void answerGivesTheMediaAddressPortAndChosenPayload() {
        String answer = "v=0\r\no=x 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 8 101\r\nc=IN IP4 10.0.0.3\r\na=rtpmap:8 PCMA/8000\r\n";
        assertEquals(new Sdp.Answer("10.0.0.3", 40000, 8), Sdp.parseAnswer(answer));
        assertEquals(new Sdp.Answer("10.0.0.2", 40000, 0),
                Sdp.parseAnswer("v=0\nc=IN IP4 10.0.0.2\nm=audio 40000 RTP/AVP 0\n"));
        assertNull(Sdp.parseAnswer("v=0\r\nm=video 1 RTP/AVP 96\r\n"));
        assertNull(Sdp.parseAnswer(null));
    }

    private static String answer(String connection, String port) {
        return "v=0\r\no=x 1 1 IN IP4 10.0.0.1\r\ns=-\r\n" + (connection == null ? "" : "c=" + connection + "\r\n")
                + "t=0 0\r\nm=audio " + port + " RTP/AVP 0\r\n";
    }

    private static String fault(String connection, String port) {
        return Sdp.fault(Sdp.parseAnswer(answer(connection, port)));
    }

    @Test
    void aUsableAnswerHasNoFaultWhetherItsAddressIsALiteralOrAName() {
        assertNull(fault("IN IP4 10.0.0.2", "40000"));
        assertNull(fault("IN IP6 2001:db8::1", "65535"));
        assertNull(fault("IN IP4 media.carrier.example", "1"));
    }

    @Test
    void aRejectedAudioStreamOrAPortOutOfRangeIsAFaultNamingThePort() {
        assertTrue(fault("IN IP4 10.0.0.2", "0").contains("rejected the audio stream (m=audio port 0)"));
        assertTrue(fault("IN IP4 10.0.0.2", "70000").contains("invalid media port (70000)"));
        assertTrue(fault("IN IP4 10.0.0.2", "99999999999").contains("invalid media port:"));
        assertTrue(fault("IN IP4 10.0.0.2", "x").contains("invalid media port"));
    }

    @Test
    void aMissingMalformedOrUnspecifiedAddressIsAFaultThatDoesNotQuoteIt() {
        assertTrue(fault(null, "40000").contains("no connection address"));
        String malformed = fault("IN IP4 300.1.2.3", "40000");
        assertTrue(malformed.contains("malformed connection address"), malformed);
        assertTrue(!malformed.contains("300.1.2.3"), "a provider's addresses are not shown to customers");
        assertTrue(fault("IN IP4 0.0.0.0", "40000").contains("unspecified connection address"));
        assertTrue(fault("IN IP6 ::", "40000").contains("unspecified connection address"));
    }

    @Test
    void theSessionAddressIsOnlyTheOneBeforeTheFirstMediaLine() {
        String body = "v=0\r\nc=IN IP4 10.0.0.2\r\nm=audio 40000 RTP/AVP 0\r\nm=video 5000 RTP/AVP 96\r\n"
                + "c=IN IP4 10.9.9.9\r\n";
        assertEquals(new Sdp.Answer("10.0.0.2", 40000, 0), Sdp.parseAnswer(body));
    }
}
