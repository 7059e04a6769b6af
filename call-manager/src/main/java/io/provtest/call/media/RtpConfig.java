package io.provtest.call.media;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Local RTP ports: one per live call, even numbers from this range. */
@ConfigMapping(prefix = "rtp")
public interface RtpConfig {

    @WithDefault("20000")
    int portMin();

    @WithDefault("29998")
    int portMax();
}
