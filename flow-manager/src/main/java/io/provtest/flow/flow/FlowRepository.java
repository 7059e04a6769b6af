package io.provtest.flow.flow;

import io.provtest.common.db.JsonColumn;
import io.provtest.common.db.Keyset;
import io.provtest.common.model.Flow;
import io.provtest.common.page.PageToken;
import io.provtest.common.time.Times;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The queries on {@code flow}. Conditional changes report whether they matched, so callers stay idempotent. The
 * insert and its count run on the reactive client in the caller's transaction (no Hibernate session), the purge on
 * the reactive client too; the rest through Hibernate.
 */
@ApplicationScoped
public class FlowRepository implements PanacheRepositoryBase<FlowEntity, UUID> {

    private static final String T = "flow_manager.flow";
    private static final String COUNT_PERSISTED = "select count(*) from " + T
            + " where customer_id = $1 and persist and tm_delete is null";
    private static final String INSERT = "insert into " + T + " (id, customer_id, type, name, detail, actions,"
            + " on_complete_flow_id, persist, tm_expire, tm_create) values ($1, $2, $3, $4, $5,"
            + JsonColumn.jsonbParameter(6) + ", $7, $8, $9, $10)";
    private static final String PURGE_EXPIRED = "delete from " + T + " where not persist and tm_expire < $1";
    private static final String DELETE_TEMPORARY = "delete from " + T + " where id = ?1 and not persist";
    /** The same insert, doing nothing when a flow of that id is there already (a later call of one provider call). */
    private static final String INSERT_IF_ABSENT = INSERT + " on conflict (id) do nothing";
    private static final ActionsColumn ACTIONS = new ActionsColumn();

    /** The customer's live persisted flows, counted on {@code connection} (the caller's transaction). */
    public Uni<Long> countPersisted(SqlConnection connection, UUID customerId) {
        return connection.preparedQuery(COUNT_PERSISTED).execute(Tuple.of(customerId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * A new flow, inserted on {@code connection} (the caller's transaction) without a Hibernate session: a temporary
     * flow is made for every provider call. A flow with this id already there fails as a unique violation.
     */
    public Uni<Void> insert(SqlConnection connection, Flow flow) {
        return connection.preparedQuery(INSERT).execute(columns(flow)).replaceWithVoid();
    }

    /**
     * A temporary flow inserted on {@code connection} (the caller's transaction) unless a flow with its id is there:
     * whether it was inserted now.
     */
    public Uni<Boolean> insertIfAbsent(SqlConnection connection, Flow flow) {
        return connection.preparedQuery(INSERT_IF_ABSENT).execute(columns(flow)).map(rows -> rows.rowCount() == 1);
    }

    private static Tuple columns(Flow flow) {
        return Tuple.from(Arrays.asList(flow.id(), flow.customerId(), flow.type(), flow.name(), flow.detail(),
                ACTIONS.convertToDatabaseColumn(flow.actions()), flow.onCompleteFlowId(), flow.persist(),
                Times.utc(flow.tmExpire()), Times.utc(flow.tmCreate())));
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

    /**
     * Temporary flows are really removed: compensation must leave nothing behind. A native statement in the
     * session's transaction, not HQL: it is flow-manager's only delete left, first used when a provider call
     * fails (under overload, possibly in the cold first minute), and a process's first HQL delete parsed there held
     * an event loop for seconds (bench/README.md, "The first purge's three seconds").
     */
    public Uni<Boolean> deleteTemporary(UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(DELETE_TEMPORARY).setParameter(1, id)
                .executeUpdate()).map(n -> n == 1);
    }

    /**
     * Removes the temporary flows whose lifetime ended before {@code now}: how many. One statement on the reactive
     * client, not a Panache delete: that one's HQL was parsed on first use, on an event loop, and the first purge
     * (a minute after start, often in a benchmark's cold first minute) held that loop for about 3 s, stalling every
     * statement of flow-manager it served and timing out call-manager's activeflow requests (bench/README.md,
     * "The first purge's three seconds").
     */
    public Uni<Long> purgeExpired(SqlClient client, Instant now) {
        return client.preparedQuery(PURGE_EXPIRED).execute(Tuple.of(Times.utc(now)))
                .map(rows -> (long) rows.rowCount());
    }

    /** The row as the database has it now (after a bulk update in this session). */
    public Uni<FlowEntity> reload(FlowEntity entity) {
        return Panache.getSession().chain(s -> s.refresh(entity)).replaceWith(entity);
    }
}
