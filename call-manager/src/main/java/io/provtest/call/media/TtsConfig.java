package io.provtest.call.media;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Bounds of one text-to-speech rendering (TTS_COMMAND, TTS_TIMEOUT, TTS_MAX_BYTES). */
@ConfigMapping(prefix = "tts")
public interface TtsConfig {

    /** The espeak-ng executable (a name looked up on PATH, or a path). */
    @WithDefault("espeak-ng")
    String command();

    /**
     * One rendering at most: beyond it the process (and anything it started) is killed and the talk action fails.
     * espeak-ng renders the longest text a talk action takes (2000 characters) in about 1 s on this machine.
     */
    @WithDefault("10s")
    Duration timeout();

    /**
     * The largest WAV espeak-ng may write (16 MiB: 2000 characters at the slowest rate are about 6 MiB); a process
     * writing more is killed.
     */
    @WithDefault("16777216")
    int maxBytes();
}
