package io.provtest.call.report;

import io.provtest.call.call.CallStatus;
import io.provtest.call.call.JsonColumns;
import io.provtest.call.groupcall.GroupcallRepository;
import io.provtest.common.json.Json;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The report's reads of the call and groupcall tables, on the reactive client without a Hibernate session: a report
 * is built once or twice per provider call, and it needs eleven of a call's columns, none of its JSON but the RTP
 * counters (bench/README.md, "The report's reads and the charges on the reactive client"). Unis, composed by
 * {@link ReportService}.
 */
@Singleton
public class ReportReads {

    private static final String COLUMNS = "select id, status, hangup_reason, hangup_cause, sip_status_code, sip_reason,"
            + " cast(rtp_stats as text), recording_bytes, tm_ringing, tm_progressing, tm_hangup, sip_call_id, tm_create"
            + " from " + JsonColumns.SCHEMA + ".call";
    private static final String BY_ID = COLUMNS + " where id = any($1)";
    /**
     * A groupcall's legs in the order they were placed. The nil id never names a groupcall (a call outside one carries
     * it); saying so lets the planner use the partial index call_groupcall (V35), which leaves those calls out.
     */
    private static final String BY_GROUPCALL = COLUMNS + " where groupcall_id = any($1) and groupcall_id <> '"
            + Ids.NIL + "' order by tm_create, id";
    /** By the key, whatever the statistics say of live groupcalls (GroupcallRepository#NOT_HUNG_UP says why). */
    public static final String GROUPCALL_LIVE = "select exists (select 1 from " + JsonColumns.SCHEMA
            + ".groupcall where id = any($1) and " + GroupcallRepository.NOT_HUNG_UP + ")";

    /** The calls found, and whether one of the groupcalls is still up (it may place another leg). */
    public record Calls(List<ReportedCall> calls, boolean groupcallLive) {
    }

    private final Pool pool;

    public ReportReads(Pool pool) {
        this.pool = pool;
    }

    /**
     * The calls of {@code callIds} that exist, in that order, then the legs of {@code groupcallIds} not among them in
     * the order they were placed.
     */
    public Uni<Calls> calls(List<UUID> callIds, List<UUID> groupcallIds) {
        Map<UUID, ReportedCall> found = new LinkedHashMap<>();
        Uni<Void> direct = callIds.isEmpty() ? Uni.createFrom().voidItem()
                : pool.preparedQuery(BY_ID).execute(Tuple.of(callIds.toArray(new UUID[0]))).invoke(rows -> {
                    Map<UUID, ReportedCall> byId = byId(rows);
                    callIds.stream().filter(byId::containsKey).forEach(id -> found.putIfAbsent(id, byId.get(id)));
                }).replaceWithVoid();
        if (groupcallIds.isEmpty()) {
            return direct.map(v -> new Calls(List.copyOf(found.values()), false));
        }
        UUID[] groupcalls = groupcallIds.toArray(new UUID[0]);
        return direct
                .chain(() -> pool.preparedQuery(BY_GROUPCALL).execute(Tuple.of(groupcalls)))
                .invoke(rows -> byId(rows).forEach(found::putIfAbsent))
                .chain(() -> pool.preparedQuery(GROUPCALL_LIVE).execute(Tuple.of(groupcalls)))
                .map(rows -> new Calls(List.copyOf(found.values()), rows.iterator().next().getBoolean(0)));
    }

    private static Map<UUID, ReportedCall> byId(RowSet<Row> rows) {
        Map<UUID, ReportedCall> byId = new LinkedHashMap<>();
        for (Row r : rows) {
            byId.put(r.getUUID(0), new ReportedCall(r.getUUID(0), CallStatus.of(r.getString(1)), r.getString(2),
                    r.getString(3), r.getInteger(4), r.getString(5), Json.parse(r.getString(6)), r.getInteger(7),
                    Times.instant(r.getOffsetDateTime(8)), Times.instant(r.getOffsetDateTime(9)),
                    Times.instant(r.getOffsetDateTime(10)), r.getString(11), Times.instant(r.getOffsetDateTime(12))));
        }
        return byId;
    }
}
