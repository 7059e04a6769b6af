package io.provtest.route.billing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "billing")
public interface BillingConfig {

    /** The currency of every account's balance and every charge (one currency per platform). */
    @WithDefault("USD")
    String currency();

    /**
     * The pre-flight of every outgoing destination (BILLING_PREFLIGHT). false lets every destination through with
     * its source unchanged and reads nothing: only to measure what the checks cost (README, "Measurements"); never
     * on a platform that charges.
     */
    @WithDefault("true")
    boolean preflight();
}
