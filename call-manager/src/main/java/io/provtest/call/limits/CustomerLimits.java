package io.provtest.call.limits;

import java.util.UUID;

/**
 * A customer's outbound limits. Per-customer values arrive with the outbound config (route-manager's
 * {@code max_concurrent_calls}, {@code calls_per_second}); until then every customer has the platform's defaults
 * ({@link ConfiguredCustomerLimits}).
 */
public interface CustomerLimits {

    OutboundRules.Limits limitsFor(UUID customerId);
}
