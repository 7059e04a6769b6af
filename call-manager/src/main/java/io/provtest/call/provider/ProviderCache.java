package io.provtest.call.provider;

import io.provtest.call.engine.CallConfig;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventEnvelope;
import io.provtest.common.model.Provider;
import io.provtest.common.model.Route;
import io.provtest.common.request.Ids;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Providers as route-manager stores them, kept in memory: a call through a provider needs it twice (the forced
 * dialroutes when the call is created, the trunk when its INVITE is built), and providers rarely change, so asking
 * route-manager each time cost two RPCs per call. An entry is forgotten when its provider event arrives (every
 * replica hears them all) and, in case an event was missed while the broker was away, after {@code call.provider-
 * cache-ttl} at most. A provider that is not found is never cached.
 */
@Singleton
public class ProviderCache {

    private record Entry(Provider provider, long fetchedAtMs) {
    }

    private final Function<UUID, Provider> lookup;
    private final long ttlMs;
    private final LongSupplier clock;
    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

    @Inject
    public ProviderCache(RouteManagerApi routes, CallConfig config) {
        this(routes::provider, config.providerCacheTtl().toMillis(), System::currentTimeMillis);
    }

    /** With its own lookup and clock, for tests. */
    public ProviderCache(Function<UUID, Provider> lookup, long ttlMs, LongSupplier clock) {
        this.lookup = lookup;
        this.ttlMs = ttlMs;
        this.clock = clock;
    }

    /** The provider as stored, deleted ones included (the caller refuses those). */
    public Provider provider(UUID id) {
        long now = clock.getAsLong();
        Entry entry = entries.get(id);
        if (entry != null && now - entry.fetchedAtMs() < ttlMs) {
            return entry.provider();
        }
        Provider provider = lookup.apply(id);
        entries.put(id, new Entry(provider, now));
        return provider;
    }

    /**
     * The dialroutes of a forced call (a provider test): exactly the given providers, in order, each of which must
     * exist and be live; the same answer route-manager gives, without asking it.
     */
    public List<Route> forcedDialroutes(UUID customerId, String target, List<UUID> providerIds) {
        String shown = target == null ? "" : target;
        List<Route> forced = new ArrayList<>(providerIds.size());
        for (UUID providerId : providerIds) {
            Provider provider;
            try {
                provider = provider(providerId);
            } catch (ServiceException e) {
                throw notFound(providerId, e);
            }
            if (provider.deleted()) {
                throw notFound(providerId, null);
            }
            forced.add(Route.synthetic(providerId, customerId, forced.size(), shown));
        }
        return List.copyOf(forced);
    }

    private static ServiceException notFound(UUID providerId, ServiceException cause) {
        if (cause != null && cause.error().status() != ErrorStatus.NOT_FOUND) {
            return cause; // route-manager away or busy: say that, not "not found"
        }
        return ServiceException.notFound("PROVIDER_NOT_FOUND", "The provider " + providerId + " was not found.");
    }

    /** A provider changed: the next call asks route-manager again. */
    public void onProviderEvent(EventEnvelope event) {
        String id = event.data() == null ? null : event.data().path("id").asText(null);
        if (Ids.isUuid(id)) {
            entries.remove(UUID.fromString(id));
        }
    }
}
