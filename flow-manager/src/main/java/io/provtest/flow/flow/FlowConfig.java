package io.provtest.flow.flow;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "flow")
public interface FlowConfig {

    /** How long a temporary flow lives before the purge removes it. */
    @WithDefault("24h")
    Duration tempLifetime();

    /** Persisted flows one customer may keep. */
    @WithDefault("10000")
    int maxPersistedPerCustomer();

    @WithDefault("1m")
    Duration purgeInterval();
}
