package io.provtest.call.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.sip.SipEndpoint;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.db.Db;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventEnvelope;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.json.Json;
import io.provtest.common.model.Provider;
import io.provtest.common.page.Page;
import io.provtest.common.request.Ids;
import io.provtest.common.request.RequestIds;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends SIP OPTIONS to every live provider once per interval and publishes each result ({@code provider_probed}:
 * code or timeout, round trip). It learns the providers from route-manager at start and from provider events
 * after. Replicas share the work through the {@code provider_probe} table: claiming a provider's next slot is one
 * conditional UPDATE, so only one replica probes it per interval.
 */
@ApplicationScoped
public class ProviderProber {

    private static final Logger LOG = Logger.getLogger(ProviderProber.class);

    private final SipEndpoint sip;
    private final RouteManagerApi routes;
    private final EventPublisher events;
    private final ProbeConfig config;
    private final ProbeSlots slots;
    private final Map<UUID, Target> hostnames = new ConcurrentHashMap<>();

    /** Where a provider is pinged, over the transport its calls use. */
    private record Target(String hostname, String transport) {

        static Target of(JsonNode provider) {
            return new Target(provider.get("hostname").asText(), provider.path("transport").asText("udp"));
        }

        static Target of(Provider provider) {
            return new Target(provider.hostname(), provider.transport() == null ? "udp" : provider.transport());
        }
    }
    private volatile boolean loaded;
    private ScheduledExecutorService ticker;

    public ProviderProber(SipEndpoint sip, RouteManagerApi routes, EventPublisher events, ProbeConfig config,
                          ProbeSlots slots) {
        this.sip = sip;
        this.routes = routes;
        this.events = events;
        this.config = config;
        this.slots = slots;
    }

    void onStart(@Observes @Priority(60) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "provider-prober");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.min(1_000, config.effectiveInterval().toMillis());
        ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        LOG.infof("probing providers every %s", config.effectiveInterval());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    /** A provider was created, changed or deleted (see {@link io.provtest.call.provider.ProviderEvents}). */
    public void onProviderEvent(EventEnvelope event) {
        JsonNode provider = event.data();
        if (provider == null || !Ids.isUuid(provider.path("id").asText(null))) {
            return;
        }
        UUID id = UUID.fromString(provider.get("id").asText());
        if ("provider_deleted".equals(event.type()) || !provider.path("tm_delete").isNull()) {
            hostnames.remove(id);
        } else {
            hostnames.put(id, Target.of(provider));
        }
    }

    private void tick() {
        try {
            if (!loaded) {
                loadProviders();
            }
            // no request caused a probe round: each round gets its own id, carried by its provider_probed events
            String requestId = RequestIds.generate();
            for (UUID id : claimDue()) {
                Target target = hostnames.get(id);
                if (target != null) {
                    probe(id, target, requestId);
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("probe tick: %s", e.getMessage());
        }
    }

    private void loadProviders() {
        String token = "";
        Map<UUID, Target> found = new HashMap<>();
        do {
            Page<Provider> page;
            try {
                page = routes.providers(100, token);
            } catch (ServiceException e) {
                return; // route-manager not up yet: next tick
            }
            page.result().forEach(p -> found.put(p.id(), Target.of(p)));
            token = page.nextPageToken() == null ? "" : page.nextPageToken();
        } while (!token.isEmpty());
        hostnames.putAll(found);
        loaded = true;
    }

    /** The providers whose slot this replica won: their next probe moves one interval on. */
    private List<UUID> claimDue() {
        List<UUID> ids = new ArrayList<>(hostnames.keySet());
        if (ids.isEmpty()) {
            return List.of();
        }
        return Db.transaction(() -> slots.claimDue(ids, Instant.now(), config.effectiveInterval()));
    }

    private void probe(UUID id, Target target, String requestId) {
        long start = System.nanoTime();
        String hostname = target.hostname();
        sip.ping(hostname, target.transport(), config.timeout()).thenAccept(code -> {
            Map<String, Object> result = new HashMap<>();
            result.put("provider_id", id.toString());
            result.put("hostname", hostname);
            result.put("status_code", code);
            result.put("timeout", code == null);
            result.put("rtt_ms", code == null ? null : (System.nanoTime() - start) / 1_000_000.0);
            // sent without waiting: this runs on the SIP stack's thread
            events.send("provider_probed", requestId, Json.tree(result)).exceptionally(e -> {
                LOG.debugf("probe result of %s not published: %s", id, e.getMessage());
                return null;
            });
        });
    }
}
