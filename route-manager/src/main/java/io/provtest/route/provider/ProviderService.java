package io.provtest.route.provider;

import io.provtest.common.model.Provider;
import io.provtest.common.db.Jdbc;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.model.Address;
import io.provtest.common.sip.InvitePlan;
import io.provtest.common.sip.InvitePlanner;
import io.provtest.common.sip.SipTrunk;
import io.provtest.common.time.Times;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Provider business rules. Each change publishes its event before the transaction commits, so a change the broker
 * did not confirm is rolled back rather than left unannounced.
 */
@Singleton
public class ProviderService {

    public static final String CREATED = "provider_created";
    public static final String UPDATED = "provider_updated";
    public static final String DELETED = "provider_deleted";

    private final Jdbc jdbc;
    private final ProviderRepository repository;
    private final EventPublisher events;

    public ProviderService(DataSource dataSource, ProviderRepository repository, EventPublisher events) {
        this.jdbc = new Jdbc(dataSource);
        this.repository = repository;
        this.events = events;
    }

    public Provider create(ProviderSpec spec) {
        Instant now = Times.now();
        return jdbc.inTransaction(c -> {
            Provider created = repository.insert(c, Ids.random(), spec, now);
            events.publish(CREATED, created);
            return created;
        });
    }

    /** Deleted providers are returned too, with tm_delete set: the audit trail refers to them. */
    public Provider get(UUID id) {
        return jdbc.read(c -> repository.find(c, id)).orElseThrow(ProviderService::notFound);
    }

    /** Live providers only: a deleted one is never offered for new calls. */
    public Provider getLive(UUID id) {
        Provider provider = get(id);
        if (provider.deleted()) {
            throw notFound();
        }
        return provider;
    }

    public Page<Provider> list(String healthStatus, String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        String health = healthStatus == null || healthStatus.isEmpty() ? null : healthStatus;
        if (health != null && !java.util.Set.of("unknown", "healthy", "unhealthy").contains(health)) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "health_status must be unknown, healthy or unhealthy.");
        }
        return Page.of(jdbc.read(c -> repository.listLive(c, health, after, pageSize)), pageSize,
                Provider::tmCreate, Provider::id);
    }

    public Provider replace(UUID id, ProviderSpec spec) {
        Instant now = Times.now();
        return jdbc.inTransaction(c -> {
            Provider updated = repository.replace(c, id, spec, now).orElseThrow(ProviderService::notFound);
            events.publish(UPDATED, updated);
            return updated;
        });
    }

    /**
     * Soft delete, idempotent: deleting a deleted provider answers the same record with its original tm_delete
     * and publishes nothing new.
     */
    public Provider delete(UUID id) {
        Instant now = Times.now();
        return jdbc.inTransaction(c -> {
            var deleted = repository.softDelete(c, id, now);
            if (deleted.isPresent()) {
                events.publish(DELETED, deleted.get());
                return deleted.get();
            }
            return repository.find(c, id).orElseThrow(ProviderService::notFound);
        });
    }

    public record PreviewRequest(Address destination, Address source, String anonymous) {
    }

    public record Preview(UUID providerId, String requestUri, String from, String to,
                          List<InvitePlan.SipHeader> headers) {
    }

    /** What an INVITE through this provider would carry, from the planner the dialer uses; nothing is sent. */
    public Preview preview(UUID id, PreviewRequest request) {
        Provider provider = getLive(id);
        InvitePlan plan = InvitePlanner.plan(trunk(provider), request.destination(), request.source(),
                request.anonymous());
        return new Preview(provider.id(), plan.requestUri(), plan.from(), plan.to(), plan.headers());
    }

    public static SipTrunk trunk(Provider provider) {
        return new SipTrunk(provider.hostname(), provider.techPrefix(), provider.techPostfix(), provider.techHeaders(),
                provider.transport());
    }

    static ServiceException notFound() {
        return ServiceException.notFound("PROVIDER_NOT_FOUND", "The provider was not found.");
    }
}
