package io.provtest.call.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.sip.SipEndpoint;
import io.provtest.common.db.Jdbc;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventEnvelope;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.event.EventSubscriber;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Sends SIP OPTIONS to every live provider once per interval and publishes each result ({@code provider_probed}:
 * code or timeout, round trip). It learns the providers from route-manager at start and from provider events
 * after. Replicas share the work through the {@code provider_probe} table: claiming a provider's next slot is one
 * conditional UPDATE, so only one replica probes it per interval.
 */
@Singleton
public class ProviderProber {

    private static final Logger LOG = Logger.getLogger(ProviderProber.class);

    private final SipEndpoint sip;
    private final RpcClient rpc;
    private final EventPublisher events;
    private final EventSubscriber subscriber;
    private final ProbeConfig config;
    private final CallConfig callConfig;
    private final Jdbc jdbc;
    private final Map<UUID, Target> hostnames = new ConcurrentHashMap<>();

    /** Where a provider is pinged, over the transport its calls use. */
    private record Target(String hostname, String transport) {

        static Target of(JsonNode provider) {
            return new Target(provider.get("hostname").asText(), provider.path("transport").asText("udp"));
        }
    }
    private volatile boolean loaded;
    private ScheduledExecutorService ticker;

    public ProviderProber(SipEndpoint sip, RpcClient rpc, EventPublisher events, EventSubscriber subscriber,
                          ProbeConfig config, CallConfig callConfig, DataSource dataSource) {
        this.sip = sip;
        this.rpc = rpc;
        this.events = events;
        this.subscriber = subscriber;
        this.config = config;
        this.callConfig = callConfig;
        this.jdbc = new Jdbc(dataSource);
    }

    void onStart(@Observes @Priority(60) StartupEvent event) throws IOException {
        if (!config.enabled()) {
            return;
        }
        subscriber.subscribe("route-manager.events", "call-manager." + callConfig.instanceId() + ".provider-events",
                false, List.of("provider_created", "provider_updated", "provider_deleted"), this::onProviderEvent);
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

    void onProviderEvent(EventEnvelope event) {
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
            for (UUID id : claimDue()) {
                Target target = hostnames.get(id);
                if (target != null) {
                    probe(id, target);
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
            JsonNode page;
            try {
                page = rpc.call("route-manager", "GET", "/v1/providers?page_size=100&page_token=" + token, null,
                        Duration.ofSeconds(3)).dataOrThrow();
            } catch (ServiceException e) {
                return; // route-manager not up yet: next tick
            }
            page.path("result").forEach(p -> found.put(UUID.fromString(p.get("id").asText()), Target.of(p)));
            token = page.path("next_page_token").asText("");
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
        long interval = config.effectiveInterval().toMillis();
        return jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into provider_probe (provider_id, next_probe_at)"
                    + " select unnest(?::uuid[]), now() on conflict do nothing")) {
                ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("update provider_probe set next_probe_at = now()"
                    + " + (? * interval '1 millisecond') where next_probe_at <= now() and provider_id = any (?)"
                    + " returning provider_id")) {
                ps.setLong(1, interval);
                ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
                return Jdbc.all(ps, rs -> rs.getObject(1, UUID.class));
            }
        });
    }

    private void probe(UUID id, Target target) {
        long start = System.nanoTime();
        String hostname = target.hostname();
        sip.ping(hostname, target.transport(), config.timeout()).thenAccept(code -> {
            Map<String, Object> result = new HashMap<>();
            result.put("provider_id", id.toString());
            result.put("hostname", hostname);
            result.put("status_code", code);
            result.put("timeout", code == null);
            result.put("rtt_ms", code == null ? null : (System.nanoTime() - start) / 1_000_000.0);
            try {
                events.publish("provider_probed", result);
            } catch (ServiceException e) {
                LOG.debugf("probe result of %s not published: %s", id, e.getMessage());
            }
        });
    }
}
