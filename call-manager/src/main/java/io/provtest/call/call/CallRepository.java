package io.provtest.call.call;

import io.provtest.common.db.Keyset;
import io.provtest.common.page.PageToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** The call table's queries. Status changes are conditional updates guarded by the transition table. */
@ApplicationScoped
public class CallRepository implements PanacheRepositoryBase<CallEntity, UUID> {

    /**
     * The call as stored, for answering: its row stays read-only in the session, so a change of the same call in the
     * same session must load it before this (as {@link #change} does), or it would not be flushed.
     */
    public Uni<Call> get(UUID id) {
        return readOnly(id).map(e -> e == null ? null : e.toCall());
    }

    /**
     * The stored row, loaded read-only: nothing changes a row loaded to be answered, so Hibernate need not keep its
     * dirty-checking snapshot, a deep copy of each of the row's six jsonb attributes through their converters
     * (written to text and parsed back), which every {@code GET /calls/{id}} paid: 13 of the 50 converter samples in a
     * profile of call-manager answering reads of its calls (bench/README.md, "A call's GET without the dirty-checking
     * copy").
     */
    Uni<CallEntity> readOnly(UUID id) {
        return getSession().chain(s -> s.createSelectionQuery("from CallEntity where id = :id", CallEntity.class)
                .setParameter("id", id).setReadOnly(true).getSingleResultOrNull());
    }

    public Uni<List<Call>> listLive(UUID customerId, PageToken after, int pageSize) {
        return find(Keyset.where("tmDelete is null and customerId = :customer", after), Keyset.NEWEST_FIRST,
                Keyset.params(Parameters.with("customer", customerId), after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list()
                .map(rows -> rows.stream().map(CallEntity::toCall).toList());
    }

    public Uni<List<Call>> unfinishedOwnedBy(String instance) {
        return list("ownerInstance = ?1 and status <> 'hangup'", instance)
                .map(rows -> rows.stream().map(CallEntity::toCall).toList());
    }

    /**
     * Sets tm_update plus {@code assignments} (HQL starting with ", ", ours, never input; named parameters in
     * {@code params}) on the call if its status is one of {@code from}; then, when it matched, applies {@code edit}
     * (may be null) to the loaded row and flushes. The changed call, or null when the guard did not match. The guard
     * is part of the UPDATE itself, so two racing changes cannot both pass it, and the row stays locked by that UPDATE
     * until the transaction ends.
     *
     * <p>Why {@code edit}: jsonb attributes go through a converter and a write transformer, which an HQL UPDATE's
     * parameters do not get (the value was silently not stored); a flushed entity change does.
     */
    Uni<Call> change(UUID id, Collection<String> from, String assignments, Parameters params, Instant now,
                     Consumer<CallEntity> edit) {
        return update("tmUpdate = :now" + assignments + " where id = :id and status in :from",
                params.and("now", now).and("id", id).and("from", from))
                .chain(n -> n != 1 ? Uni.createFrom().nullItem() : edit == null ? get(id)
                        : findById(id).invoke(edit).call(this::flush).map(CallEntity::toCall));
    }

    public Uni<Call> softDelete(UUID id, Instant now) {
        return update("tmDelete = :now, tmUpdate = :now where id = :id and tmDelete is null",
                Parameters.with("now", now).and("id", id))
                .chain(n -> n == 1 ? get(id) : Uni.createFrom().nullItem());
    }

    /**
     * The customer's other answered calls still up (every instance's: the rows are shared), at most {@code limit}:
     * what shares its balance with a call that answered (call/CallAllowances).
     */
    public Uni<List<Call>> answeredLiveOf(UUID customerId, UUID except, int limit) {
        return find("customerId = ?1 and status = 'progressing' and id <> ?2 and tmProgressing is not null",
                customerId, except).range(0, limit - 1).list()
                .map(rows -> rows.stream().map(CallEntity::toCall).toList());
    }
}
