package io.provtest.route.providercall;

import io.provtest.common.db.Keyset;
import io.provtest.common.db.WireColumns;
import io.provtest.common.page.PageToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The queries on {@code providercall}. A record moves on from pending once only (read locked, and only while it is
 * still pending), so an orchestration and the restart reconciliation never both settle it.
 */
@ApplicationScoped
public class ProviderCallRepository implements PanacheRepositoryBase<ProviderCallEntity, UUID> {

    /** What the report's announcement needs of a record ({@link SettledRecord}). */
    private static final String SETTLED = "select id, customer_id, provider_id, status, cast(call_ids as text),"
            + " cast(groupcall_ids as text) from route_manager.providercall";
    private static final WireColumns.Ids IDS = new WireColumns.Ids();

    private final Pool pool;

    public ProviderCallRepository(Pool pool) {
        this.pool = pool;
    }

    /** The record an earlier request with this Idempotency-Key made, or null. */
    public Uni<ProviderCallEntity> findByKey(UUID customerId, String key) {
        return find("customerId = ?1 and idempotencyKey = ?2", customerId, key).firstResult();
    }

    /** Frees a key whose 24 h are over, so it can name a new request. */
    public Uni<Integer> releaseKey(UUID id) {
        return update("idempotencyKey = null where id = ?1", id);
    }

    /** Settled live records, newest first; one provider's when {@code providerId} is set. */
    public Uni<List<ProviderCallEntity>> listLive(UUID providerId, PageToken after, int pageSize) {
        String filter = "tmDelete is null and status <> :pending";
        Parameters params = Parameters.with("pending", ProviderCall.PENDING);
        if (providerId != null) {
            filter += " and providerId = :provider";
            params = params.and("provider", providerId);
        }
        return find(Keyset.where(filter, after), Keyset.NEWEST_FIRST, Keyset.params(params, after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list();
    }

    public Uni<List<ProviderCallEntity>> pendingBefore(Instant before) {
        return list("status = ?1 and tmCreate < ?2", ProviderCall.PENDING, before);
    }

    /**
     * Settles a pending record: false when it was no longer pending, so it settles once. The row is read locked
     * ({@code select … for update}): a second settler (the reconciliation, another replica) waits for this transaction
     * and then finds it settled. Two statements, the locked read and the entity's update, where a conditional status
     * update first took three: the whole row has to be written through the entity anyway, since a bulk update binds
     * a converted attribute without its {@code @ColumnTransformer} write expression (a jsonb column would receive a
     * JSON string instead of the array).
     */
    public Uni<Boolean> settle(UUID id, String status, List<UUID> callIds, List<UUID> groupcallIds,
                               List<ProviderCall.Outcome> outcomes, Instant now) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE)
                .chain(record -> {
                    if (record == null || !ProviderCall.PENDING.equals(record.status)) {
                        return Uni.createFrom().item(false);
                    }
                    record.status = status;
                    record.tmUpdate = now;
                    record.setPlaced(callIds, groupcallIds, outcomes);
                    return flush().replaceWith(true);
                });
    }

    /** The temporary flow a pending record runs, when flow-manager stored it under another id than the one recorded. */
    public Uni<Integer> relinkTempFlow(UUID id, UUID flowId) {
        return update("flowId = ?1, tempFlowId = ?1 where id = ?2 and status = ?3", flowId, id, ProviderCall.PENDING);
    }

    /** Records placed calls on a record that is still pending (one that moved on is left as it is). */
    public Uni<Void> recordCalls(UUID id, List<UUID> callIds, List<UUID> groupcallIds,
                                 List<ProviderCall.Outcome> outcomes) {
        // locked: the entity's update writes every column, so a settle between an unlocked read and this write
        // would be undone (its status written back to pending)
        return findById(id, LockModeType.PESSIMISTIC_WRITE).invoke(record -> {
            if (record != null && ProviderCall.PENDING.equals(record.status)) {
                record.setPlaced(callIds, groupcallIds, outcomes);
            }
        }).call(this::flush).replaceWithVoid();
    }

    /**
     * Removes a record that placed nothing: a request that failed as a whole leaves no trace but its answer. (In a
     * condition the column is read through its {@code cast(call_ids as text)}, so it compares with {@code "[]"}.)
     */
    public Uni<Long> deleteUnplaced(UUID id) {
        return delete("id = ?1 and status = ?2 and callIds = ?3", id, ProviderCall.PENDING, List.<UUID>of());
    }

    /**
     * The settled records whose report is not announced yet that hold this call ({@code call_ids}) or groupcall
     * ({@code groupcall_ids}): a containment test on the GIN-indexed jsonb array, with what the announcement needs
     * of them (no second read). Asked at every call's hangup, so on the reactive client itself, outside any session
     * ({@code Db.statements}): through Hibernate each execution of a native select adds a plan cache entry that is
     * never found again.
     */
    public Uni<List<SettledRecord>> awaitingReport(boolean groupcall, UUID id) {
        String column = groupcall ? "groupcall_ids" : "call_ids";
        // bound as text, then cast: a String bound to a jsonb parameter is sent as a JSON string, not an array
        return pool.preparedQuery(SETTLED + " where " + column
                        + " @> cast(cast($1 as text) as jsonb) and tm_report_ready is null and status <> $2")
                .execute(Tuple.of("[\"" + id + "\"]", ProviderCall.PENDING))
                .map(ProviderCallRepository::settled);
    }

    /** Settled records created after {@code since} whose report is not announced yet (oldest first, at most 100). */
    public Uni<List<SettledRecord>> reportsPendingSince(Instant since) {
        return pool.preparedQuery(SETTLED + " where tm_report_ready is null and status <> $1 and tm_create > $2"
                        + " order by tm_create limit 100")
                .execute(Tuple.of(ProviderCall.PENDING, since.atOffset(ZoneOffset.UTC)))
                .map(ProviderCallRepository::settled);
    }

    private static List<SettledRecord> settled(RowSet<Row> rows) {
        List<SettledRecord> found = new ArrayList<>();
        rows.forEach(row -> found.add(new SettledRecord(row.getUUID(0), row.getUUID(1), row.getUUID(2),
                row.getString(3), IDS.convertToEntityAttribute(row.getString(4)),
                IDS.convertToEntityAttribute(row.getString(5)))));
        return found;
    }

    /** Marks the report announced: true for the one caller that moved it, false when it already was. */
    public Uni<Boolean> markReportReady(UUID id, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("update route_manager.providercall"
                        + " set tm_report_ready = ?1 where id = ?2 and tm_report_ready is null")
                .setParameter(1, now).setParameter(2, id).executeUpdate()).map(n -> n == 1);
    }

    /** Soft delete of a live row: false when it was missing or already deleted. */
    public Uni<Boolean> softDelete(UUID id, Instant now) {
        return update("tmDelete = ?1, tmUpdate = ?1 where id = ?2 and tmDelete is null", now, id).map(n -> n == 1);
    }
}
