package io.provtest.common.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {

    @Test
    void g711NamesResolveCaseInsensitivelyToTheirStaticPayloadTypes() {
        assertEquals(0, Codec.named("pcmu").orElseThrow().payloadType());
        assertEquals(8, Codec.named(" PCMA ").orElseThrow().payloadType());
    }

    @Test
    void anythingElseIsNotSupported() {
        assertTrue(Codec.named("G729").isEmpty());
        assertTrue(Codec.named("").isEmpty());
        assertTrue(Codec.named(null).isEmpty());
    }

    @Test
    void payloadTypesMapBackToTheSupportedCodecsOnly() {
        assertEquals(Codec.PCMU, Codec.ofPayloadType(0).orElseThrow());
        assertEquals(Codec.PCMA, Codec.ofPayloadType(8).orElseThrow());
        assertTrue(Codec.ofPayloadType(18).isEmpty()); // G729: named in traces, never offered
        assertTrue(Codec.ofPayloadType(13).isEmpty());
    }

    @Test
    void theOfferOrderIsMuLawThenALaw() {
        assertEquals(List.of("PCMU", "PCMA"), Codec.names());
    }
}
