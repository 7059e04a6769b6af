package io.provtest.call.media;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Recordings of the far end's audio (provider calls and calls with rtp_debug). */
@ConfigMapping(prefix = "recording")
public interface RecordingConfig {

    /** Off: nothing is recorded (the report then knows packet counts only). */
    @WithDefault("true")
    boolean enabled();

    /** Audio beyond this length is not kept (the recording is marked truncated): 8000 bytes per second. */
    @WithDefault("300s")
    Duration maxDuration();

    /** Audio older than this is deleted (the analysis the report reads stays). */
    @WithDefault("7d")
    Duration retention();

    /** How often the purge runs (each replica; batches of 100 recordings, each one idempotent statement). */
    @WithDefault("1h")
    Duration purgeInterval();

    /** Speech detection (see {@link SpeechClassifier}): the energy floor of an active 20 ms frame, in dBFS. */
    @WithDefault("-45")
    double speechActiveDbfs();

    /** Speech detection: active time a stretch of audio needs to count as speech. */
    @WithDefault("500")
    int speechMinMs();

    /** Speech detection: mean energy change between consecutive active frames that speech reaches (tones stay below 1). */
    @WithDefault("2.0")
    double speechMinModulationDb();

    default SpeechClassifier.Settings speech() {
        return new SpeechClassifier.Settings(speechActiveDbfs(), speechMinMs(), speechMinModulationDb());
    }
}
