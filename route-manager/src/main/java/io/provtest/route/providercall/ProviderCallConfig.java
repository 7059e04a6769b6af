package io.provtest.route.providercall;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Provider-call settings ({@code PROVIDERCALL_*}). */
@ConfigMapping(prefix = "providercall")
public interface ProviderCallConfig {

    /**
     * A pending record older than this was left by a route-manager that stopped mid-way (an orchestration lasts
     * seconds: call-manager's answer is awaited 15 s at most).
     */
    @WithDefault("2m")
    Duration stalePending();

    /**
     * How often every replica looks for such records. With several replicas the one that stopped may never start
     * again, so looking only at start-up would leave its records pending for good.
     */
    @WithDefault("30s")
    Duration reconcileInterval();
}
