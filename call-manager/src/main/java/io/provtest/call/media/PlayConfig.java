package io.provtest.call.media;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Bounds of a play action's fetch (PLAY_CONNECT_TIMEOUT, PLAY_TOTAL_TIMEOUT, PLAY_MAX_BYTES, PLAY_MAX_REDIRECTS). */
@ConfigMapping(prefix = "play")
public interface PlayConfig {

    /** Connecting to the server, per hop. */
    @WithDefault("3s")
    Duration connectTimeout();

    /** Everything for one URL: DNS, every redirect hop, and the whole body. A slow drip is cut off here. */
    @WithDefault("10s")
    Duration totalTimeout();

    /** The largest WAV file, counted while it streams (10 MiB: about 10 minutes of 8 kHz 16-bit mono). */
    @WithDefault("10485760")
    int maxBytes();

    /** Redirects followed, each one judged by the address rules like the first URL. */
    @WithDefault("3")
    int maxRedirects();
}
