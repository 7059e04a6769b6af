package io.provtest.route.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Set;

@ConfigMapping(prefix = "health")
public interface HealthConfig {

    /** Consecutive failed probes before a provider is unhealthy (so one lost packet does not flap it). */
    @WithDefault("3")
    int failuresToUnhealthy();

    /** Consecutive good probes before it is healthy again. */
    @WithDefault("1")
    int successesToHealthy();

    /**
     * Reply codes besides 2xx that prove the carrier alive: a live carrier that refuses OPTIONS still answered.
     * 408 and 5xx are not in it.
     */
    @WithDefault("403,404,405,488,501")
    Set<Integer> aliveCodes();
}
