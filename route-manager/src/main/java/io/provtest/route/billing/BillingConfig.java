package io.provtest.route.billing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "billing")
public interface BillingConfig {

    /** The currency of every account's balance and every charge (one currency per platform). */
    @WithDefault("USD")
    String currency();

    /**
     * A benchmarking aid, never a production setting ({@code BILLING_PROVIDERCALL_PREFLIGHT}): {@code enforced}
     * (the default) runs the pre-flight for every provider call; {@code skipped-for-benchmark} lets provider calls
     * skip its balance, outbound-config and rate-plan checks, so that {@code bench/preflight.sh} can measure what the
     * checks cost; {@code alternate-for-benchmark} skips them for every second provider call only, so that both kinds
     * run interleaved on one warm system ({@code MIXED=1 bench/preflight.sh}). A provider call placed without the
     * checks carries a warning saying so ({@link PreflightService#skippedWarning()}), which is how the benchmark tells
     * the two kinds apart. An enum rather than a boolean so that no "false" or typo turns the checks off (an unknown
     * value stops the start); logged as a warning at every start while not enforced; not carried by the Helm chart. A
     * frozen customer is refused either way, and group calls are always checked.
     */
    @WithDefault("enforced")
    ProvidercallPreflight providercallPreflight();

    enum ProvidercallPreflight {
        ENFORCED,
        SKIPPED_FOR_BENCHMARK,
        ALTERNATE_FOR_BENCHMARK
    }
}
