package io.provtest.call.call;

import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.error.ServiceException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The codecs a customer allows on its sip destinations ({@code codecs} of its outbound config in route-manager, in
 * offer order), kept {@value #TTL_MS} ms per customer like its limits, so a burst of calls costs one RPC per customer
 * and a change is in force within that time. When route-manager cannot answer, the platform's default offer applies
 * (logged): refusing a customer's calls because route-manager is slow would be worse than offering both G.711 laws.
 */
@Singleton
public class CustomerCodecs {

    static final long TTL_MS = 5_000;
    private static final Logger LOG = Logger.getLogger(CustomerCodecs.class);

    private record Entry(String stored, long readAt) {
    }

    private final Function<UUID, List<String>> configured;
    private final LongSupplier clock;
    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

    @Inject
    public CustomerCodecs(RouteManagerApi routes) {
        this(customerId -> routes.outboundConfig(customerId).codecs(), () -> System.nanoTime() / 1_000_000);
    }

    CustomerCodecs(Function<UUID, List<String>> configured, LongSupplier clock) {
        this.configured = configured;
        this.clock = clock;
    }

    /**
     * The codecs as a call's {@code codecs} metadata stores them ("PCMA,PCMU", the form sip/Sdp reads), or null when
     * the customer names none: the default offer.
     */
    public String storedFor(UUID customerId) {
        long now = clock.getAsLong();
        Entry e = entries.get(customerId);
        if (e != null && now - e.readAt() < TTL_MS) {
            return e.stored();
        }
        String stored;
        try {
            stored = stored(configured.apply(customerId));
        } catch (ServiceException | IllegalArgumentException failure) {
            LOG.warnf("customer %s: its codecs could not be read (%s); the default offer applies", customerId,
                    failure.getMessage());
            return null;
        }
        entries.put(customerId, new Entry(stored, now));
        return stored;
    }

    /** The stored form of a list of codec names: joined in their order, null for none. */
    static String stored(List<String> codecs) {
        return codecs == null || codecs.isEmpty() ? null : String.join(",", codecs);
    }
}
