package io.provtest.route.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.db.Jdbc;
import io.provtest.common.event.EventEnvelope;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.event.EventSubscriber;
import io.provtest.common.model.Provider;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.provtest.route.provider.ProviderRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Keeps providers' health from call-manager's {@code provider_probed} events. A result for a hostname the provider
 * no longer has is ignored (it probed the old host). A flip publishes {@code provider_health_changed}.
 */
@Singleton
public class ProviderHealthService {

    private final Jdbc jdbc;
    private final ProviderRepository providers;
    private final EventSubscriber subscriber;
    private final EventPublisher events;
    private final HealthConfig config;

    public ProviderHealthService(DataSource dataSource, ProviderRepository providers, EventSubscriber subscriber,
                                 EventPublisher events, HealthConfig config) {
        this.jdbc = new Jdbc(dataSource);
        this.providers = providers;
        this.subscriber = subscriber;
        this.events = events;
        this.config = config;
    }

    void onStart(@Observes @Priority(60) StartupEvent event) throws IOException {
        subscriber.subscribe("call-manager.events", "route-manager.provider-probes", true, List.of("provider_probed"),
                this::onProbed);
    }

    void onProbed(EventEnvelope event) {
        JsonNode data = event.data();
        if (data == null || !Ids.isUuid(data.path("provider_id").asText(null))) {
            return;
        }
        UUID id = UUID.fromString(data.get("provider_id").asText());
        Integer code = data.path("status_code").isInt() ? data.get("status_code").asInt() : null;
        Double rtt = data.path("rtt_ms").isNumber() ? data.get("rtt_ms").asDouble() : null;
        String hostname = data.path("hostname").asText("");
        jdbc.inTransaction(c -> {
            Provider provider = providers.find(c, id).orElse(null);
            if (provider == null || provider.deleted() || !provider.hostname().equals(hostname)) {
                return null;
            }
            HealthPolicy.Verdict verdict = HealthPolicy.apply(new HealthPolicy.State(provider.healthStatus(),
                    provider.healthSuccesses(), provider.healthFailures(), provider.healthRttMs()),
                    new HealthPolicy.Probe(code, rtt), config.failuresToUnhealthy(), config.successesToHealthy(),
                    config.aliveCodes());
            Provider updated = providers.recordHealth(c, id, verdict.state().status(), verdict.reason(),
                    verdict.state().rttMs(), verdict.state().successes(), verdict.state().failures(), Times.now())
                    .orElse(null);
            if (updated != null && verdict.flipped()) {
                events.publish("provider_health_changed", Map.of("provider_id", id.toString(),
                        "from", provider.healthStatus(), "to", updated.healthStatus(), "reason", verdict.reason(),
                        "provider", updated));
            }
            return null;
        });
    }
}
