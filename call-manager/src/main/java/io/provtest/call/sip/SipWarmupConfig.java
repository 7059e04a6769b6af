package io.provtest.call.sip;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The SIP path's warm-up before this instance serves (SipWarmup). */
@ConfigMapping(prefix = "sip.warmup")
public interface SipWarmupConfig {

    /** Test calls placed to a carrier inside this process before readiness; 0 switches the warm-up off. */
    @WithDefault("2000")
    int calls();

    /** The longest the warm-up may hold the start; the instance serves after it whatever the calls did. */
    @WithDefault("30s")
    Duration timeout();
}
