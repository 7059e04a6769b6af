package io.provtest.route.health;

import io.provtest.common.db.Db;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.time.Times;
import io.provtest.route.provider.ProviderEntity;
import io.provtest.route.provider.ProviderRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps providers' health from call-manager's probe results (delivered by {@link ProviderProbes}). A result for a
 * hostname the provider no longer has is ignored (it probed the old host). A flip publishes
 * {@code provider_health_changed}, confirmed before the new health commits.
 */
@Singleton
public class ProviderHealthService {

    public static final String HEALTH_CHANGED = "provider_health_changed";

    private final ProviderRepository providers;
    private final EventPublisher events;
    private final HealthConfig config;

    public ProviderHealthService(ProviderRepository providers, EventPublisher events, HealthConfig config) {
        this.providers = providers;
        this.events = events;
        this.config = config;
    }

    /** One probe of {@code hostname}: the reply code ({@code null} when none came in time) and round trip. */
    public record ProbeResult(UUID providerId, String hostname, HealthPolicy.Probe probe) {
    }

    /**
     * Applies one probe result. The provider's row is locked for the read-modify-write of its counters, so probe
     * results handled at once (several replicas) and a concurrent replace or delete never lose an update.
     */
    public void record(ProbeResult result) {
        Db.transaction(() -> providers.lock(result.providerId()).chain(provider -> {
            if (provider == null || provider.deleted() || !provider.hostname.equals(result.hostname())) {
                return Uni.createFrom().voidItem();
            }
            String before = provider.healthStatus;
            HealthPolicy.Verdict verdict = HealthPolicy.apply(new HealthPolicy.State(provider.healthStatus,
                            provider.healthSuccesses, provider.healthFailures, provider.healthRttMs),
                    result.probe(), config.failuresToUnhealthy(), config.successesToHealthy(), config.aliveCodes());
            apply(provider, verdict);
            return providers.flush().chain(() -> !verdict.flipped() ? Uni.createFrom().voidItem()
                    : events.publishing(HEALTH_CHANGED, Map.of("provider_id", provider.id.toString(), "from", before,
                            "to", provider.healthStatus, "reason", verdict.reason(),
                            "provider", provider.toProvider())));
        }));
    }

    /** A probe is not an update by anyone: tm_update keeps meaning "last changed by someone", so it is not touched. */
    private static void apply(ProviderEntity provider, HealthPolicy.Verdict verdict) {
        provider.healthStatus = verdict.state().status();
        provider.healthReason = verdict.reason();
        provider.healthRttMs = verdict.state().rttMs();
        provider.healthSuccesses = verdict.state().successes();
        provider.healthFailures = verdict.state().failures();
        provider.healthCheckedAt = Times.now();
    }
}
