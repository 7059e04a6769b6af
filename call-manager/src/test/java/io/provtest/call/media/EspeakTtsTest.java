package io.provtest.call.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's subprocess is bounded: a hung engine is killed at the time-out (with what it started), a runaway one
 * at the output cap, and the failure says so in words for the operator. Real processes, no stubs.
 */
class EspeakTtsTest {

    private static long liveChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
    }

    @Test
    void aHungEngineIsKilledAtTheTimeout() {
        long before = liveChildren();
        long start = System.nanoTime();
        // a shell that starts a child and waits: the kill must reach the child too, or stdout stays open
        TtsFailure failure = assertThrows(TtsFailure.class, () -> EspeakTts.run(
                List.of("sh", "-c", "sleep 30; true"), "hello", Duration.ofMillis(500), 1 << 20));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 5_000, "took " + tookMs + " ms");
        assertEquals("text-to-speech did not finish within 500 ms", failure.getMessage());
        assertEquals(before, liveChildren(), "the engine and its child are killed");
    }

    @Test
    void aRunawayEngineIsKilledAtTheOutputCap() {
        long before = liveChildren();
        TtsFailure failure = assertThrows(TtsFailure.class, () -> EspeakTts.run(
                List.of("yes"), "hello", Duration.ofSeconds(20), 1 << 20));
        assertEquals("the text-to-speech engine wrote more than 1048576 bytes", failure.getMessage());
        assertEquals(before, liveChildren());
    }

    @Test
    void aFailingEngineIsReportedWithoutItsOutput() {
        TtsFailure failure = assertThrows(TtsFailure.class, () -> EspeakTts.run(
                List.of("sh", "-c", "echo secret >&2; exit 3"), "hello", Duration.ofSeconds(5), 1 << 20));
        assertEquals("the text-to-speech engine failed (exit status 3)", failure.getMessage());
        TtsFailure missing = assertThrows(TtsFailure.class, () -> EspeakTts.run(
                List.of("no-such-tts-engine"), "hello", Duration.ofSeconds(5), 1 << 20));
        assertEquals("the text-to-speech engine could not start", missing.getMessage());
    }

    @Test
    void espeakRendersWithinTheBounds() {
        byte[] wav = EspeakTts.run(List.of("espeak-ng", "-v", "en-us", "--stdout", "--stdin"), "a test call",
                Duration.ofSeconds(10), 16 << 20);
        assertTrue(wav.length > 44 && new String(wav, 0, 4).equals("RIFF"));
    }
}
