package io.provtest.route.number;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's outbound config on the wire: {@code {customer_id, default_outgoing_source_number_id,
 * allowed_countries, denied_prefixes, max_concurrent_calls, calls_per_second, codecs, tm_create, tm_update}}. A
 * customer that never set one has {@link #defaults}: every destination allowed, no default number, no per-customer
 * limits, the platform's default codecs.
 */
public record OutboundConfig(UUID customerId, UUID defaultOutgoingSourceNumberId, List<String> allowedCountries,
                             List<String> deniedPrefixes, int maxConcurrentCalls, int callsPerSecond,
                             List<String> codecs, Instant tmCreate, Instant tmUpdate) {

    public static OutboundConfig defaults(UUID customerId) {
        return new OutboundConfig(customerId, null, List.of(), List.of(), 0, 0, List.of(), null, null);
    }

    /** The two limits the call-rate enforcement reads; 0 means no per-customer limit. */
    public OutboundLimits limits() {
        return new OutboundLimits(customerId, maxConcurrentCalls, callsPerSecond);
    }

    /**
     * A customer's outbound limits as stored ({@code max_concurrent_calls}, {@code calls_per_second}); this module
     * only stores and validates them (>= 0), enforcement reads them through {@link OutboundConfigService#limits}.
     * 0, the default, means "no per-customer limit": the platform's own ceilings still apply.
     */
    public record OutboundLimits(UUID customerId, int maxConcurrentCalls, int callsPerSecond) {

        public boolean concurrentCallsLimited() {
            return maxConcurrentCalls > 0;
        }

        public boolean callsPerSecondLimited() {
            return callsPerSecond > 0;
        }
    }
}
