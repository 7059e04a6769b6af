package io.provtest.call.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventEnvelope;
import io.provtest.common.json.Json;
import io.provtest.common.model.Provider;
import io.provtest.common.model.Route;
import jakarta.enterprise.inject.Vetoed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProviderCacheTest {

    private final Stored routeManager = new Stored();
    private final AtomicLong now = new AtomicLong(1_000);
    private final ProviderCache cache = new ProviderCache(routeManager::provider, 60_000, now::get);

    @Test
    void aProviderIsAskedForOnceUntilItsEventOrTheTtl() {
        UUID id = routeManager.add(false);
        cache.provider(id);
        cache.provider(id);
        assertEquals(1, routeManager.asked.get());

        cache.onProviderEvent(event("provider_updated", id));
        cache.provider(id);
        assertEquals(2, routeManager.asked.get(), "its event makes it forgotten");

        now.addAndGet(60_000);
        cache.provider(id);
        assertEquals(3, routeManager.asked.get(), "the TTL bounds a missed event");
    }

    @Test
    void forcedDialroutesAreTheProvidersInOrderAndADeletedOneIsNotFound() {
        UUID customer = UUID.randomUUID();
        UUID a = routeManager.add(false);
        UUID b = routeManager.add(false);
        List<Route> routes = cache.forcedDialroutes(customer, "+821012345678", List.of(b, a));
        assertEquals(List.of(b, a), routes.stream().map(Route::providerId).toList());
        assertEquals(List.of(0, 1), routes.stream().map(Route::priority).toList());

        UUID gone = routeManager.add(true);
        ServiceException e = assertThrows(ServiceException.class,
                () -> cache.forcedDialroutes(customer, null, List.of(a, gone)));
        assertEquals("PROVIDER_NOT_FOUND", e.error().reason());
        ServiceException unknown = assertThrows(ServiceException.class,
                () -> cache.forcedDialroutes(customer, null, List.of(UUID.randomUUID())));
        assertEquals("PROVIDER_NOT_FOUND", unknown.error().reason());
    }

    private static EventEnvelope event(String type, UUID id) {
        return new EventEnvelope(type, "route-manager", null, Json.tree(Map.of("id", id.toString())));
    }

    /** route-manager's provider table, without the RPC. Not a bean. */
    @Vetoed
    static final class Stored {
        final Map<UUID, Provider> byId = new ConcurrentHashMap<>();
        final AtomicInteger asked = new AtomicInteger();

        UUID add(boolean deleted) {
            UUID id = UUID.randomUUID();
            byId.put(id, new Provider(id, "sip", "127.0.0.1:5090", "", "", Map.of(), "udp", "carrier", "", "",
                    "unknown", null, null, null, 0, 0, null, null, deleted ? Instant.now() : null));
            return id;
        }

        Provider provider(UUID id) {
            asked.incrementAndGet();
            Provider p = byId.get(id);
            if (p == null) {
                throw ServiceException.notFound("PROVIDER_NOT_FOUND", "not found");
            }
            return p;
        }
    }
}
