package io.provtest.route.provider;

import io.provtest.common.db.Keyset;
import io.provtest.common.page.PageToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The queries on {@code provider}. Conditional changes report whether they matched, so callers stay idempotent. */
@ApplicationScoped
public class ProviderRepository implements PanacheRepositoryBase<ProviderEntity, UUID> {

    /** Live providers, newest first, one row more than the page so the caller knows whether another page exists. */
    public Uni<List<ProviderEntity>> listLive(String healthStatus, PageToken after, int pageSize) {
        String filter = healthStatus == null ? "tmDelete is null" : "tmDelete is null and healthStatus = :health";
        Parameters params = healthStatus == null ? new Parameters() : Parameters.with("health", healthStatus);
        return find(Keyset.where(filter, after), Keyset.NEWEST_FIRST, Keyset.params(params, after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list();
    }

    /** The live ones among {@code ids}, in no particular order. */
    public Uni<List<ProviderEntity>> findLive(List<UUID> ids) {
        return list("id in ?1 and tmDelete is null", ids);
    }

    /**
     * The row locked until the transaction ends ({@code select … for update}): changes that read the row first
     * (a full replace, a probe result) are serialised with each other and with a delete, across replicas too.
     */
    public Uni<ProviderEntity> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Soft delete of a live row: false when it was missing or already deleted. */
    public Uni<Boolean> softDelete(UUID id, Instant now) {
        return update("tmDelete = ?1, tmUpdate = ?1 where id = ?2 and tmDelete is null", now, id).map(n -> n == 1);
    }

    /**
     * The row as the database has it now, as a new instance (jsonb hands tech_headers back in its own key order, and
     * that is the order every later read shows). Detach and find rather than {@code session.refresh}: Hibernate
     * Reactive 3.2 logs a deprecation warning (HHH90000034) on every refresh, managed entity or not.
     */
    public Uni<ProviderEntity> reread(ProviderEntity entity) {
        return Panache.getSession().chain(s -> {
            s.detach(entity);
            return s.find(ProviderEntity.class, entity.id);
        });
    }
}
