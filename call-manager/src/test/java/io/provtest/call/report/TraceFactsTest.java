package io.provtest.call.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.sip.SipMessageRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TraceFactsTest {

    private static final UUID CALL = UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String OFFER = "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 30000 RTP/AVP 0 8\r\n"
            + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n";

    private static SipMessageRecord msg(String sipCallId, long ms, boolean sent, String firstLine, String cseq,
                                        String sdp) {
        String raw = firstLine + "\r\nCall-ID: " + sipCallId + "\r\nCSeq: 1 " + cseq + "\r\n\r\n" + (sdp == null ? "" : sdp);
        return new SipMessageRecord(CALL, sipCallId, T0.plusMillis(ms), sent ? "sent" : "received", "a", "b",
                firstLine, raw);
    }

    @Test
    void postDialDelayIsInviteToTheFirst18xAndAnswerIsInviteTo2xx() {
        TraceFacts t = TraceFacts.of(List.of(
                msg("a", 0, true, "INVITE sip:1@h SIP/2.0", "INVITE", OFFER),
                msg("a", 10, false, "SIP/2.0 100 Trying", "INVITE", null),
                msg("a", 120, false, "SIP/2.0 183 Session Progress", "INVITE",
                        "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 8\r\n"),
                msg("a", 300, false, "SIP/2.0 180 Ringing", "INVITE", null),
                msg("a", 2500, false, "SIP/2.0 200 OK", "INVITE",
                        "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n"),
                msg("a", 2510, true, "ACK sip:1@h SIP/2.0", "ACK", null)));
        assertTrue(t.invited());
        assertEquals(120L, t.postDialDelayMs());
        assertEquals(2500L, t.answerMs());
        assertEquals("PCMA", t.answerCodec());
        assertEquals(List.of("PCMU", "PCMA"), t.offered());
        assertTrue(t.codecOffered());
        assertEquals(List.of(new TraceFacts.Attempt(200, "OK")), t.attempts());
    }

    @Test
    void aFailoverIsTwoAttemptsAndACodecWeDidNotOfferIsNamed() {
        TraceFacts t = TraceFacts.of(List.of(
                msg("a", 0, true, "INVITE sip:1@h SIP/2.0", "INVITE", OFFER),
                msg("a", 40, false, "SIP/2.0 503 Service Unavailable", "INVITE", null),
                msg("b", 50, true, "INVITE sip:1@h2 SIP/2.0", "INVITE", OFFER),
                msg("b", 90, false, "SIP/2.0 200 OK", "INVITE",
                        "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 18\r\n")));
        assertNull(t.postDialDelayMs());
        assertEquals(90L, t.answerMs());
        assertEquals("G729", t.answerCodec());
        assertFalse(t.codecOffered());
        assertEquals(List.of(new TraceFacts.Attempt(503, "Service Unavailable"), new TraceFacts.Attempt(200, "OK")),
                t.attempts());
    }

    @Test
    void aByeResponseIsNotTheInvitesFinalResponse() {
        TraceFacts t = TraceFacts.of(List.of(
                msg("a", 0, true, "INVITE sip:1@h SIP/2.0", "INVITE", OFFER),
                msg("a", 500, false, "SIP/2.0 404 Not Found", "INVITE", null),
                msg("a", 600, false, "SIP/2.0 200 OK", "BYE", null)));
        assertNull(t.answerMs());
        assertEquals(List.of(new TraceFacts.Attempt(404, "Not Found")), t.attempts());
    }
}
