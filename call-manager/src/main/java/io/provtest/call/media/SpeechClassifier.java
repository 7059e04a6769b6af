package io.provtest.call.media;

/**
 * Tells speech from silence, tones and steady noise in 8 kHz audio, without any speech service: the audio is cut
 * into 20 ms frames, a frame is active when its energy is above a floor, and speech is enough active time whose
 * energy keeps moving from frame to frame (syllables rise and fall by several dB every few tens of milliseconds,
 * while ringback, SIT tones and line noise stay within about a dB). Pure: same samples and settings, same answer.
 */
public final class SpeechClassifier {

    static final int FRAME = 160;

    private SpeechClassifier() {
    }

    /**
     * {@code activeDbfs}: the energy floor of an active frame (dB below full scale); {@code minSpeechMs}: the active
     * time speech needs; {@code minModulationDb}: the mean energy change between consecutive active frames speech
     * needs.
     */
    public record Settings(double activeDbfs, int minSpeechMs, double minModulationDb) {
    }

    /** {@code silent}: no active frame at all; {@code modulationDb}: mean |ΔdB| between consecutive active frames. */
    public record Result(int durationMs, int activeMs, double modulationDb, boolean speech, boolean silent) {
    }

    public static Result classify(short[] samples, int from, int to, Settings settings) {
        int frames = Math.max(0, (to - from) / FRAME);
        int active = 0;
        int pairs = 0;
        double deltaSum = 0;
        double previousDb = 0;
        boolean previousActive = false;
        for (int f = 0; f < frames; f++) {
            double db = frameDbfs(samples, from + f * FRAME);
            boolean isActive = db > settings.activeDbfs();
            if (isActive) {
                active++;
                if (previousActive) {
                    deltaSum += Math.abs(db - previousDb);
                    pairs++;
                }
            }
            previousDb = db;
            previousActive = isActive;
        }
        double modulation = pairs == 0 ? 0 : deltaSum / pairs;
        int activeMs = active * 20;
        boolean speech = activeMs >= settings.minSpeechMs() && modulation >= settings.minModulationDb();
        return new Result(frames * 20, activeMs, Math.round(modulation * 100) / 100.0, speech, active == 0);
    }

    public static Result classify(short[] samples, Settings settings) {
        return classify(samples, 0, samples.length, settings);
    }

    /** Mean power of one frame in dB relative to a full-scale square wave (-120 for digital silence). */
    static double frameDbfs(short[] samples, int start) {
        double sum = 0;
        for (int i = start; i < start + FRAME; i++) {
            double v = samples[i] / 32768.0;
            sum += v * v;
        }
        double mean = sum / FRAME;
        return mean <= 1e-12 ? -120 : 10 * Math.log10(mean);
    }
}
