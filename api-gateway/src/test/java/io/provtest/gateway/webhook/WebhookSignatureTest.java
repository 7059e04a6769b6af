package io.provtest.gateway.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The expected values were computed with Python's hmac module, the way the README tells a receiver to check. */
class WebhookSignatureTest {

    @Test
    void signsTheTimestampDotBodyWithTheSecretAsUtf8() {
        assertEquals("t=1700000000,v1=7a096929c1b2374ee4410e94354cb87fb5137c85ea2b962ba5ee4c36e51b9d49",
                WebhookSignature.header("whsec_test", 1700000000L,
                        "{\"type\":\"call_hangup\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void nonAsciiSecretAndBodyAreTheirUtf8Bytes() {
        assertEquals("t=1700000001,v1=41d89e7a300880900d748489d1480b3bb6e6e408dcb800667316b73449af504d",
                WebhookSignature.header("whsec_\u00e9", 1700000001L,
                        "{\"text\":\"gr\u00fc\u00df\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theTimestampIsSigned() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String v1At1 = WebhookSignature.header("s", 1, body).split(",v1=")[1];
        String v1At2 = WebhookSignature.header("s", 2, body).split(",v1=")[1];
        assertNotEquals(v1At1, v1At2);
    }
}
