package io.provtest.flow.flow;

import io.provtest.common.db.Keyset;
import io.provtest.common.page.PageToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The queries on {@code flow}. Conditional changes report whether they matched, so callers stay idempotent. */
@ApplicationScoped
public class FlowRepository implements PanacheRepositoryBase<FlowEntity, UUID> {

    public Uni<Long> countPersisted(UUID customerId) {
        return count("customerId = ?1 and persist = true and tmDelete is null", customerId);
    }

    public Uni<List<FlowEntity>> listPersisted(UUID customerId, PageToken after, int pageSize) {
        return find(Keyset.where("customerId = :customer and persist = true and tmDelete is null", after),
                Keyset.NEWEST_FIRST, Keyset.params(Parameters.with("customer", customerId), after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list();
    }

    /** Soft delete of a live row: false when it was missing or already deleted. */
    public Uni<Boolean> softDelete(UUID id, Instant now) {
        return update("tmDelete = ?1, tmUpdate = ?1 where id = ?2 and tmDelete is null", now, id).map(n -> n == 1);
    }

    /** Temporary flows are really removed: compensation must leave nothing behind. */
    public Uni<Boolean> deleteTemporary(UUID id) {
        return delete("id = ?1 and persist = false", id).map(n -> n == 1);
    }

    public Uni<Long> purgeExpired(Instant now) {
        return delete("persist = false and tmExpire < ?1", now);
    }

    /** The row as the database has it now (after a bulk update in this session). */
    public Uni<FlowEntity> reload(FlowEntity entity) {
        return Panache.getSession().chain(s -> s.refresh(entity)).replaceWith(entity);
    }
}
