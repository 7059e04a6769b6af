package io.provtest.route.billing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "billing")
public interface BillingConfig {

    /** The currency of every account's balance and every charge (one currency per platform). */
    @WithDefault("USD")
    String currency();
}
