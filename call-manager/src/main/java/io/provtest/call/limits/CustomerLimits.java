package io.provtest.call.limits;

import java.util.UUID;

/**
 * A customer's outbound limits: the platform's per-customer defaults as its own outbound config (route-manager's
 * {@code max_concurrent_calls}, {@code calls_per_second}) tightens them ({@link OutboundConfigLimits}).
 */
public interface CustomerLimits {

    OutboundRules.Limits limitsFor(UUID customerId);
}
