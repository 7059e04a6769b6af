package io.provtest.common.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlayUrlTest {

    @Test
    void httpAndHttpsWithTheirDefaultPorts() {
        PlayUrl plain = PlayUrl.parse("http://media.example/a.wav");
        assertEquals(80, plain.port());
        assertEquals("media.example", plain.host().host());
        PlayUrl tls = PlayUrl.parse("HTTPS://media.example/a.wav?x=1");
        assertEquals(443, tls.port());
        assertTrue(tls.https());
        assertEquals(8080, PlayUrl.parse("http://10.0.0.1:8080/a.wav").port());
        assertTrue(PlayUrl.parse("http://[::1]/a.wav").host().isLiteral());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://media.example/a.wav", "file:///etc/passwd", "gopher://x/", "media.example/a.wav",
            "http:///a.wav", "http://exa_mple.com/a.wav", "http://public.example@10.0.0.1/a.wav",
            "http://user:pw@media.example/a.wav", "http://2130706433/a.wav", "http://0x7f000001/a.wav",
            "http://127.1/a.wav", "http://[fe80::1%25eth0]/a.wav", "http://media.example:0/a.wav", ""})
    void otherSchemesAndDisguisedHostsAreRefused(String url) {
        assertThrows(IllegalArgumentException.class, () -> PlayUrl.parse(url));
    }

    @Test
    void theLengthIsBounded() {
        assertThrows(IllegalArgumentException.class,
                () -> PlayUrl.parse("http://media.example/" + "a".repeat(PlayUrl.MAX_LENGTH)));
    }
}
