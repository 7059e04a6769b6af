package io.provtest.route.providercall;

import static io.provtest.common.db.JsonColumn.jsonbParameter;

import io.provtest.common.db.Keyset;
import io.provtest.common.db.WireColumns;
import io.provtest.common.page.PageToken;
import io.provtest.common.time.Times;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The queries on {@code providercall}. A record moves on from pending once only (a conditional update, only while it
 * is still pending), so an orchestration and the restart reconciliation never both settle it. The statements every
 * provider call makes (the pending insert, the settle, the report's mark, the hang-up's lookup) run on the reactive
 * client itself; reads, pages and the rare changes go through Hibernate.
 */
@ApplicationScoped
public class ProviderCallRepository implements PanacheRepositoryBase<ProviderCallEntity, UUID> {

    /** What the report's announcement needs of a record ({@link SettledRecord}). */
    private static final String SETTLED = "select id, customer_id, provider_id, status, cast(call_ids as text),"
            + " cast(groupcall_ids as text) from route_manager.providercall";
    /** The predicate of the call_ids and groupcall_ids indexes (V13): settled, not announced, calls not tagged. */
    static final String UNTAGGED_UNANNOUNCED = "status <> '" + ProviderCall.PENDING + "' and tm_report_ready is null"
            + " and not calls_tagged";
    private static final WireColumns.Ids IDS = new WireColumns.Ids();
    private static final WireColumns.AddressOne ADDRESS = new WireColumns.AddressOne();
    private static final WireColumns.Addresses ADDRESSES = new WireColumns.Addresses();
    private static final WireColumns.Strings STRINGS = new WireColumns.Strings();
    private static final ProviderCallColumns.OutcomesColumn OUTCOMES = new ProviderCallColumns.OutcomesColumn();
    private static final String T = "route_manager.providercall";
    private static final String DELETE_UNPLACED = "delete from " + T + " where id = ?1 and status = ?2"
            + " and call_ids = '[]'::jsonb";
    private static final String INSERT = "insert into " + T + " (id, customer_id, provider_id, flow_id,"
            + " temp_flow_id, source, destinations, anonymous, call_ids, groupcall_ids, outcomes, warnings, created_by,"
            + " status, idempotency_key, request_hash, tm_create, tm_update, tm_delete) values ($1, $2, $3, $4, $5, "
            + jsonbParameter(6) + ", " + jsonbParameter(7) + ", $8, " + jsonbParameter(9) + ", "
            + jsonbParameter(10) + ", " + jsonbParameter(11) + ", " + jsonbParameter(12)
            + ", $13, $14, $15, $16, $17, $18, $19)";
    /** Every column of a record, in the order {@link #record} reads them. */
    private static final String RECORD = "id, customer_id, provider_id, flow_id, temp_flow_id, cast(source as text),"
            + " cast(destinations as text), anonymous, cast(call_ids as text), cast(groupcall_ids as text),"
            + " cast(outcomes as text), cast(warnings as text), created_by, status, idempotency_key, request_hash,"
            + " tm_create, tm_update, tm_delete";
    private static final String SETTLE = "update " + T + " set status = $1, tm_update = $2, call_ids = "
            + jsonbParameter(3) + ", groupcall_ids = " + jsonbParameter(4) + ", outcomes = " + jsonbParameter(5)
            + ", calls_tagged = $7 where id = $6 and status = '" + ProviderCall.PENDING + "' returning " + RECORD
            + ", ended_while_pending";
    /** Only while pending: a record that settled meanwhile is looked up again by the caller instead. */
    private static final String MARK_ENDED = "update " + T + " set ended_while_pending = true where id = $1"
            + " and status = '" + ProviderCall.PENDING + "'";
    private static final String REPORT_READY = "update " + T + " set tm_report_ready = $1 where id = $2"
            + " and tm_report_ready is null";

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
     * Writes a new record (a pending one: before any call is placed) in one statement on the reactive client, outside
     * a Hibernate session: one per provider call (bench/README.md, "The per-call statements without a Hibernate
     * session"). A second record with the same customer and Idempotency-Key fails as a unique violation.
     */
    public Uni<ProviderCall> insert(ProviderCall p) {
        return pool.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(p.id(), p.customerId(), p.providerId(),
                        p.flowId(), p.tempFlowId(), ADDRESS.convertToDatabaseColumn(p.source()),
                        ADDRESSES.convertToDatabaseColumn(p.destinations()), p.anonymous(),
                        IDS.convertToDatabaseColumn(p.callIds()), IDS.convertToDatabaseColumn(p.groupcallIds()),
                        OUTCOMES.convertToDatabaseColumn(p.outcomes()), STRINGS.convertToDatabaseColumn(p.warnings()),
                        p.createdBy(), p.status(), p.idempotencyKey(), p.requestHash(), Times.utc(p.tmCreate()),
                        Times.utc(p.tmUpdate()), Times.utc(p.tmDelete()))))
                .replaceWith(p);
    }

    /**
     * Settles a pending record and, in the same transaction, {@code announce}s it as settled: null (nothing announced)
     * when it was no longer pending, so it settles once. One conditional update that answers the row: a second
     * settler (the reconciliation, another replica) waits for this transaction's row lock, then finds it settled.
     * On the reactive client, outside a Hibernate session, as {@link #insert}. {@code callsTagged}: every call and
     * groupcall it placed carries its id (true when it placed none), so each of their hang-ups will name it; a record
     * settled without it is swept instead ({@link #toSweep}).
     */
    public Uni<Settlement> settle(UUID id, String status, List<UUID> callIds, List<UUID> groupcallIds,
                                  List<ProviderCall.Outcome> outcomes, boolean callsTagged, Instant now,
                                  Function<ProviderCall, Uni<Void>> announce) {
        return pool.withTransaction(c -> c.preparedQuery(SETTLE).execute(Tuple.from(Arrays.asList(status, Times.utc(now),
                        IDS.convertToDatabaseColumn(callIds), IDS.convertToDatabaseColumn(groupcallIds),
                        OUTCOMES.convertToDatabaseColumn(outcomes), id, callsTagged)))
                .chain(rows -> {
                    var found = rows.iterator();
                    if (!found.hasNext()) {
                        return Uni.createFrom().<Settlement>nullItem();
                    }
                    Row row = found.next();
                    Settlement settled = new Settlement(record(row), row.getBoolean(19));
                    return announce.apply(settled.record()).replaceWith(settled);
                }));
    }

    /**
     * A record as settled, and whether a hang-up of one of its calls or groupcalls came while it was pending
     * ({@link #markEndedWhilePending}): its report may be complete already, and no later hang-up will say so.
     */
    public record Settlement(ProviderCall record, boolean endedWhilePending) {
    }

    /**
     * Notes on a record still pending that one of its calls or groupcalls has ended, so that its settle looks at the
     * report: true when it was pending. False when it had settled (or was never made): the caller looks it up as
     * settled. The row lock orders the two: a settle that got there first has committed before this finds the row
     * no longer pending, and one that comes after answers the mark.
     */
    public Uni<Boolean> markEndedWhilePending(UUID id) {
        return pool.preparedQuery(MARK_ENDED).execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /** A record as {@link #RECORD} reads it. */
    private static ProviderCall record(Row row) {
        return new ProviderCall(row.getUUID(0), row.getUUID(1), row.getUUID(2), row.getUUID(3),
                ADDRESS.convertToEntityAttribute(row.getString(5)),
                List.copyOf(ADDRESSES.convertToEntityAttribute(row.getString(6))), row.getString(7),
                List.copyOf(IDS.convertToEntityAttribute(row.getString(8))),
                List.copyOf(IDS.convertToEntityAttribute(row.getString(9))),
                List.copyOf(OUTCOMES.convertToEntityAttribute(row.getString(10))),
                List.copyOf(STRINGS.convertToEntityAttribute(row.getString(11))), row.getUUID(12),
                row.getString(13), Times.instant(row.getOffsetDateTime(16)), Times.instant(row.getOffsetDateTime(17)),
                Times.instant(row.getOffsetDateTime(18)), row.getUUID(4), row.getString(14), row.getString(15));
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
     * Removes a record that placed nothing: a request that failed as a whole leaves no trace but its answer. A
     * native statement in the session's transaction, not HQL: it is route-manager's only delete, first used when
     * every destination of a provider call is refused (call-manager's admission under overload, possibly in the
     * cold first minute), and a process's first HQL delete parsed there held an event loop for seconds
     * (bench/README.md, "The first purge's three seconds").
     */
    public Uni<Integer> deleteUnplaced(UUID id) {
        return Panache.getSession().chain(s -> s.createNativeQuery(DELETE_UNPLACED).setParameter(1, id)
                .setParameter(2, ProviderCall.PENDING).executeUpdate());
    }

    /**
     * The records settled with untagged calls whose report is not announced yet that hold this call
     * ({@code call_ids}) or groupcall ({@code groupcall_ids}): a containment test on the jsonb array, in GIN indexes
     * that hold only such records (V13), with what the announcement needs of them (no second read). Asked at the
     * hang-ups that name no provider call, only while the calls are not tagged ({@code providercall.tag-calls=false},
     * an upgrade): a tagged record's calls name it. On the reactive client itself, outside any session
     * ({@code Db.statements}): through Hibernate each execution of a native select adds a plan cache entry that is
     * never found again.
     */
    public Uni<List<SettledRecord>> awaitingReport(boolean groupcall, UUID id) {
        return pool.preparedQuery(awaitingReportSql(groupcall))
                .execute(Tuple.of("[\"" + id + "\"]"))
                .map(ProviderCallRepository::settled);
    }

    /**
     * {@link #awaitingReport(boolean, UUID)}'s statement: $1 the id as a one-element JSON array (ReportLookupCostTest
     * reads its plan). Bound as text, then cast: a String bound to a jsonb parameter is sent as a JSON string, not an
     * array. The conditions are the indexes' predicate (V13), the status a constant as there, so that a prepared
     * statement's generic plan is seen to imply it and uses them.
     */
    static String awaitingReportSql(boolean groupcall) {
        return SETTLED + " where " + (groupcall ? "groupcall_ids" : "call_ids")
                + " @> cast(cast($1 as text) as jsonb) and " + UNTAGGED_UNANNOUNCED;
    }

    /**
     * As {@link #awaitingReport}, for a call or groupcall whose event names its provider call: that record only (by
     * its key), if it placed {@code id}.
     */
    public Uni<List<SettledRecord>> awaitingReport(UUID providercallId, boolean groupcall, UUID id) {
        String column = groupcall ? "groupcall_ids" : "call_ids";
        return pool.preparedQuery(SETTLED + " where id = $1 and " + column
                        + " @> cast(cast($2 as text) as jsonb) and tm_report_ready is null and status <> $3")
                .execute(Tuple.of(providercallId, "[\"" + id + "\"]", ProviderCall.PENDING))
                .map(ProviderCallRepository::settled);
    }

    /** Settled records created after {@code since} whose report is not announced yet (oldest first, at most 100). */
    public Uni<List<SettledRecord>> reportsPendingSince(Instant since) {
        return pool.preparedQuery(SETTLED + " where tm_report_ready is null and status <> $1 and tm_create > $2"
                        + " order by tm_create limit 100")
                .execute(Tuple.of(ProviderCall.PENDING, Times.utc(since)))
                .map(ProviderCallRepository::settled);
    }

    /**
     * Settled records not announced that no hang-up may announce, settled before {@code settledBefore} and made after
     * {@code since} (oldest first, at most 100): those a hang-up marked while they were pending
     * ({@code ended_while_pending}: the look their settle made failed or was lost, and no hang-up is still to come
     * for the calls that ended early), and those whose calls do not all carry their id ({@code calls_tagged} false:
     * their hang-ups name no record and are not looked up). A partial index holds only these (V12).
     */
    public Uni<List<SettledRecord>> toSweep(Instant settledBefore, Instant since) {
        return pool.preparedQuery(SETTLED + " where (ended_while_pending or not calls_tagged)"
                        + " and tm_report_ready is null and status <> $1"
                        + " and tm_update < $2 and tm_create > $3 order by tm_create limit 100")
                .execute(Tuple.of(ProviderCall.PENDING, Times.utc(settledBefore), Times.utc(since)))
                .map(ProviderCallRepository::settled);
    }

    private static List<SettledRecord> settled(RowSet<Row> rows) {
        List<SettledRecord> found = new ArrayList<>();
        rows.forEach(row -> found.add(new SettledRecord(row.getUUID(0), row.getUUID(1), row.getUUID(2),
                row.getString(3), IDS.convertToEntityAttribute(row.getString(4)),
                IDS.convertToEntityAttribute(row.getString(5)))));
        return found;
    }

    /**
     * Marks the report announced and, in the same transaction, {@code announce}s it: true for the one caller that
     * moved it, false (nothing announced) when it already was. On the reactive client, as {@link #insert}.
     */
    public Uni<Boolean> markReportReady(UUID id, Instant now, Supplier<Uni<Void>> announce) {
        return pool.withTransaction(c -> c.preparedQuery(REPORT_READY).execute(Tuple.of(Times.utc(now), id))
                .map(rows -> rows.rowCount() == 1)
                .call(marked -> marked ? announce.get() : Uni.createFrom().voidItem()));
    }

    /** Soft delete of a live row: false when it was missing or already deleted. */
    public Uni<Boolean> softDelete(UUID id, Instant now) {
        return update("tmDelete = ?1, tmUpdate = ?1 where id = ?2 and tmDelete is null", now, id).map(n -> n == 1);
    }
}
