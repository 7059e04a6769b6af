package io.provtest.call.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpeechClassifierTest {

    private static final SpeechClassifier.Settings DEFAULTS = new SpeechClassifier.Settings(-45, 500, 2.0);

    /** Voiced syllables: a 120 Hz harmonic source under a 4 Hz syllable envelope, with pauses between words. */
    static short[] speechLike(double seconds) {
        int n = (int) (seconds * 8000);
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            double t = i / 8000.0;
            double pitch = 110 + 20 * Math.sin(2 * Math.PI * 0.7 * t);
            double source = 0;
            for (int h = 1; h <= 12; h++) {
                source += Math.sin(2 * Math.PI * pitch * h * t) / h;
            }
            double syllable = Math.pow(Math.abs(Math.sin(2 * Math.PI * 2 * t)), 2);
            double word = (int) (t / 0.8) % 3 == 2 ? 0.02 : 1;
            out[i] = (short) (6000 * source * syllable * word);
        }
        return out;
    }

    @Test
    void speechIsSpeech() {
        SpeechClassifier.Result r = SpeechClassifier.classify(speechLike(2.5), DEFAULTS);
        assertTrue(r.speech(), r.toString());
        assertFalse(r.silent());
    }

    @Test
    void digitalSilenceIsSilentAndNotSpeech() {
        SpeechClassifier.Result r = SpeechClassifier.classify(new short[16000], DEFAULTS);
        assertTrue(r.silent());
        assertFalse(r.speech());
        assertEquals(0, r.activeMs());
    }

    @Test
    void ringbackWithItsCadenceIsNotSpeech() {
        short[] tone = new short[8000 * 6];
        for (int i = 0; i < tone.length; i++) {
            boolean on = (i / 8000) % 6 < 2;
            tone[i] = on ? (short) (8000 * (Math.sin(2 * Math.PI * 440 * i / 8000.0)
                    + Math.sin(2 * Math.PI * 480 * i / 8000.0))) : 0;
        }
        SpeechClassifier.Result r = SpeechClassifier.classify(tone, DEFAULTS);
        assertFalse(r.speech(), r.toString());
        assertTrue(r.activeMs() >= 1900);
    }

    @Test
    void steadyNoiseIsNotSpeech() {
        Random random = new Random(7);
        short[] noise = new short[8000 * 3];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (random.nextGaussian() * 1000);
        }
        assertFalse(SpeechClassifier.classify(noise, DEFAULTS).speech());
    }

    @Test
    void tooShortABurstIsNotSpeech() {
        short[] shortBurst = new short[8000 * 2];
        System.arraycopy(speechLike(0.3), 0, shortBurst, 0, 2400);
        assertFalse(SpeechClassifier.classify(shortBurst, DEFAULTS).speech());
    }

    @Test
    void theRecorderSplitsEarlyMediaAtTheAnswerAndKeepsOneLaw() {
        CallRecorder recorder = new CallRecorder(8000);
        recorder.onPacket(rtp(0, (byte) 0xFF, 160));
        recorder.onPacket(rtp(13, (byte) 0, 1)); // comfort noise: not kept, not "undecodable"
        recorder.markAnswered();
        recorder.onPacket(rtp(8, (byte) 0xD5, 160)); // A-law silence, kept as µ-law
        recorder.onPacket(rtp(18, (byte) 1, 20));
        CallRecorder.Snapshot s = recorder.snapshot();
        assertEquals(0, s.payloadType());
        assertEquals(320, s.audio().length);
        assertEquals(160, s.earlyBytes());
        assertEquals(2, s.earlyPackets());
        assertEquals(2, s.answeredPackets());
        assertEquals(java.util.Set.of(18), s.otherPayloadTypes());
        assertTrue(Math.abs(G711.ulawToLinear(s.audio()[200])) < 16);
    }

    @Test
    void theRecorderStopsAtItsCap() {
        CallRecorder recorder = new CallRecorder(200);
        recorder.onPacket(rtp(0, (byte) 0x10, 160));
        recorder.onPacket(rtp(0, (byte) 0x10, 160));
        CallRecorder.Snapshot s = recorder.snapshot();
        assertEquals(200, s.audio().length);
        assertTrue(s.truncated());
    }

    private static ByteBuffer rtp(int payloadType, byte fill, int payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload);
        b.put(0, (byte) 0x80).put(1, (byte) payloadType);
        for (int i = 12; i < 12 + payload; i++) {
            b.put(i, fill);
        }
        return b;
    }
}
