package io.provtest.gateway.identity;

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

/** The queries on {@code access_key}. */
@ApplicationScoped
public class AccessKeyRepository implements PanacheRepositoryBase<AccessKeyEntity, UUID> {

    /** The live, unexpired key with this hash, or null. */
    public Uni<AccessKeyEntity> findUsable(String tokenHash, Instant now) {
        return find("tokenHash = ?1 and tmDelete is null and tmExpire > ?2", tokenHash, now).firstResult();
    }

    /** A customer's live keys, newest first. */
    public Uni<List<AccessKeyEntity>> listLive(UUID customerId, PageToken after, int pageSize) {
        return find(Keyset.where("tmDelete is null and customerId = :customer", after), Keyset.NEWEST_FIRST,
                Keyset.params(Parameters.with("customer", customerId), after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list();
    }

    /** Soft delete of a live row: false when it was missing or already deleted. */
    public Uni<Boolean> softDelete(UUID id, Instant now) {
        return update("tmDelete = ?1, tmUpdate = ?1 where id = ?2 and tmDelete is null", now, id).map(n -> n == 1);
    }

    /** Soft delete of every live row of a customer (the customer is being deleted): how many there were. */
    public Uni<Integer> softDeleteOfCustomer(UUID customerId, Instant now) {
        return update("tmDelete = ?1, tmUpdate = ?1 where customerId = ?2 and tmDelete is null", now, customerId);
    }

    /** The row as the database has it now (after a bulk update in this session). */
    public Uni<AccessKeyEntity> reload(AccessKeyEntity entity) {
        return Panache.getSession().chain(s -> s.refresh(entity)).replaceWith(entity);
    }
}
