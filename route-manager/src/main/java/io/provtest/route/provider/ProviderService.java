package io.provtest.route.provider;

import io.provtest.common.model.Provider;
import io.provtest.common.db.Db;
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
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Provider business rules. Each change publishes its event before the transaction commits, so a change the broker
 * did not confirm is rolled back rather than left unannounced.
 */
@Singleton
public class ProviderService {

    public static final String CREATED = "provider_created";
    public static final String UPDATED = "provider_updated";
    public static final String DELETED = "provider_deleted";

    private final ProviderRepository repository;
    private final ProviderLookup lookup;
    private final EventPublisher events;

    public ProviderService(ProviderRepository repository, ProviderLookup lookup, EventPublisher events) {
        this.repository = repository;
        this.lookup = lookup;
        this.events = events;
    }

    public Provider create(ProviderSpec spec) {
        Instant now = Times.now();
        return Db.transaction(() -> repository.persistAndFlush(ProviderEntity.of(Ids.random(), spec, now))
                .chain(repository::reread)
                .map(ProviderEntity::toProvider)
                .call(created -> events.publishing(CREATED, created)));
    }

    /** Deleted providers are returned too, with tm_delete set: the audit trail refers to them. */
    public Provider get(UUID id) {
        Provider found = lookup.find(id);
        if (found == null) {
            throw notFound();
        }
        return found;
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
        List<Provider> rows = Db.read(() -> repository.listLive(health, after, pageSize))
                .stream().map(ProviderEntity::toProvider).toList();
        return Page.of(rows, pageSize, Provider::tmCreate, Provider::id);
    }

    /** Full replace of a live provider, under the row's lock (see {@link ProviderRepository#lock}). */
    public Provider replace(UUID id, ProviderSpec spec) {
        Instant now = Times.now();
        return Db.transaction(() -> repository.lock(id)
                .onItem().ifNull().failWith(ProviderService::notFound)
                .invoke(provider -> {
                    if (provider.deleted()) {
                        throw notFound();
                    }
                    provider.replace(spec, now);
                })
                .call(repository::flush)
                .chain(repository::reread)
                .map(ProviderEntity::toProvider)
                .call(updated -> events.publishing(UPDATED, updated)));
    }

    /**
     * Soft delete, idempotent: deleting a deleted provider answers the same record with its original tm_delete
     * and publishes nothing new.
     */
    public Provider delete(UUID id) {
        Instant now = Times.now();
        return Db.transaction(() -> repository.softDelete(id, now)
                .chain(changed -> repository.findById(id)
                        .onItem().ifNull().failWith(ProviderService::notFound)
                        .map(ProviderEntity::toProvider)
                        .call(provider -> changed ? events.publishing(DELETED, provider) : Uni.createFrom().voidItem())));
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
