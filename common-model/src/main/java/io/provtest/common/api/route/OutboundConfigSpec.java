package io.provtest.common.api.route;

import java.util.List;
import java.util.UUID;

/**
 * {@code PUT /v1/customers/{id}/outbound_config}: the whole config (a full replace). route-manager validates it
 * (the default number the customer's own, country codes and prefixes well formed, limits ≥ 0 where 0 means none,
 * codecs the dialer offers) and answers one 400 naming every bad field. {@link OutboundConfig} is the part a caller
 * enforces.
 */
public record OutboundConfigSpec(UUID defaultOutgoingSourceNumberId, List<String> allowedCountries,
                                 List<String> deniedPrefixes, Integer maxConcurrentCalls, Integer callsPerSecond,
                                 List<String> codecs) {
}
