package io.provtest.call.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class G711Test {

    /** The silence bytes RtpPlayer used to write as constants: µ-law 0xFF and A-law 0xD5. */
    @Test
    void silenceIsTheCodecsEncodingOfZero() {
        assertEquals((byte) 0xFF, G711.silence(0));
        assertEquals((byte) 0xD5, G711.silence(8));
    }

    @Test
    void eachPayloadTypeDecodesWhatItEncoded() {
        for (int payloadType : new int[] {0, 8}) {
            for (short sample : new short[] {0, 1000, -1000, 30000, -30000}) {
                short back = G711.decode(G711.encode(sample, payloadType), payloadType);
                assertEquals(sample, back, Math.abs(sample) / 16 + 16, "payload type " + payloadType);
            }
        }
    }

    @Test
    void theTwoLawsDiffer() {
        byte mu = G711.encode((short) 1000, 0);
        byte a = G711.encode((short) 1000, 8);
        assertEquals(G711.ulaw((short) 1000), mu);
        assertEquals(G711.alaw((short) 1000), a);
    }
}
