package io.provtest.call.limits;

import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.error.ServiceException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * A customer's limits: the platform's per-customer defaults ({@code outbound.calls-per-second},
 * {@code outbound.max-concurrent-calls}) tightened by the customer's outbound config in route-manager
 * ({@code calls_per_second}, {@code max_concurrent_calls}; {@link OutboundRules#effective}). Each customer's config is
 * kept {@value #TTL_MS} ms, so a burst costs one RPC per customer, and a change is in force within that time. When
 * route-manager cannot answer, the defaults apply (logged): a refusal of every call because route-manager is slow
 * would be worse than a few seconds under the platform's own ceilings.
 */
@Singleton
public class OutboundConfigLimits implements CustomerLimits {

    static final long TTL_MS = 5_000;
    private static final Logger LOG = Logger.getLogger(OutboundConfigLimits.class);

    private record Entry(OutboundRules.Limits limits, long readAt) {
    }

    /** The customer's own limits as its outbound config has them (0: none set). */
    private final Function<UUID, OutboundRules.Limits> configured;
    private final OutboundRules.Limits defaults;
    private final LongSupplier clock;
    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

    @Inject
    public OutboundConfigLimits(RouteManagerApi routes, OutboundConfig config) {
        this(customerId -> {
            io.provtest.common.api.route.OutboundConfig own = routes.outboundConfig(customerId);
            return new OutboundRules.Limits(own.callsPerSecond(), own.maxConcurrentCalls());
        }, new OutboundRules.Limits(config.callsPerSecond(), config.maxConcurrentCalls()),
                () -> System.nanoTime() / 1_000_000);
    }

    OutboundConfigLimits(Function<UUID, OutboundRules.Limits> configured, OutboundRules.Limits defaults,
                         LongSupplier clock) {
        this.configured = configured;
        this.defaults = defaults;
        this.clock = clock;
    }

    @Override
    public OutboundRules.Limits limitsFor(UUID customerId) {
        long now = clock.getAsLong();
        Entry e = entries.get(customerId);
        if (e != null && now - e.readAt() < TTL_MS) {
            return e.limits();
        }
        OutboundRules.Limits limits;
        try {
            limits = OutboundRules.effective(defaults, configured.apply(customerId));
        } catch (ServiceException | IllegalArgumentException e2) {
            LOG.warnf("customer %s: its outbound config could not be read (%s); the platform's defaults apply",
                    customerId, e2.getMessage());
            return defaults;
        }
        entries.put(customerId, new Entry(limits, now));
        return limits;
    }
}
