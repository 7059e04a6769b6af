package io.provtest.call.limits;

import jakarta.inject.Singleton;
import java.util.UUID;

/** Every customer gets the platform's defaults ({@code outbound.calls-per-second}, {@code outbound.max-concurrent-calls}). */
@Singleton
public class ConfiguredCustomerLimits implements CustomerLimits {

    private final OutboundRules.Limits defaults;

    public ConfiguredCustomerLimits(OutboundConfig config) {
        this.defaults = new OutboundRules.Limits(config.callsPerSecond(), config.maxConcurrentCalls());
    }

    @Override
    public OutboundRules.Limits limitsFor(UUID customerId) {
        return defaults;
    }
}
