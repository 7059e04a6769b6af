package io.provtest.gateway.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The per-client HTTP request rate ({@link RequestRateLimit}). */
@ConfigMapping(prefix = "gateway.request-rate")
public interface RequestRateConfig {

    /** Requests per second one client may sustain; 0 turns the limit off. */
    @WithDefault("1000")
    double perSecond();

    /** Requests one client may send at once before the rate applies. */
    @WithDefault("2000")
    int burst();
}
