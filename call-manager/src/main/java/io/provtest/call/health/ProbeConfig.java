package io.provtest.call.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "probe")
public interface ProbeConfig {

    @WithDefault("true")
    boolean enabled();

    /** How often each provider is probed. Below 10 s only with {@link #allowFast()} (tests). */
    @WithDefault("30s")
    Duration interval();

    @WithDefault("5s")
    Duration timeout();

    /** Lets tests probe more often than once per 10 s; never set in production. */
    @WithDefault("false")
    boolean allowFast();

    default Duration effectiveInterval() {
        Duration floor = Duration.ofSeconds(10);
        return allowFast() || interval().compareTo(floor) >= 0 ? interval() : floor;
    }
}
