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
}
