package io.provtest.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads one phase's calls and their SIP trace straight from call-manager's tables (one query each instead of a read
 * per call over RPC, which would load the engine while it is still ending calls). Each phase uses its own customer
 * id, so its calls are exactly that customer's. Credentials come from the environment like the services'
 * ({@code QUARKUS_DATASOURCE_USERNAME}/{@code _PASSWORD}, {@code DB_HOST}, {@code DB_PORT}, {@code DB_NAME}).
 *
 * <p>On the reactive PostgreSQL client the services use (no JDBC in application code, issue 13): one connection on
 * its own one-thread Vert.x, and the bench's main thread waits for each query's result. That wait is on a plain
 * thread, never on the event loop, and the bench reads only between rates, so blocking costs nothing it measures.
 */
final class CallStore implements AutoCloseable {

    private static final String SCHEMA = "call_manager";

    record Summary(int total, int live, int answered, int abnormal, double setup50, double setup99,
                   double setupWindowSeconds) {
    }

    /**
     * ACK delay: for each call, our first ACK sent minus the first 200 OK to its INVITE received, both as our SIP
     * trace stamped them. {@code unacked}: answered calls with no ACK in the trace; {@code okRetransmitted}: calls
     * whose carrier sent its 200 OK more than once (it resends every 500 ms until our ACK arrives);
     * {@code newBranchAcked}: calls that got ACKs with different branches (a copy of the 200 ACKed with a new ACK
     * instead of the same one again: SIPp drops such a call without a BYE, bench/README.md, "The second ACK").
     */
    record Acks(int measured, double p50, double p99, double max, int unacked, int okRetransmitted,
                int newBranchAcked) {
    }

    private final Vertx vertx;
    private final PgConnection db;

    private CallStore(Vertx vertx, PgConnection db) {
        this.vertx = vertx;
        this.db = db;
    }

    static CallStore connect(String host, String port, String name, String user, String password) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        // read-only for the whole session (JDBC's setReadOnly): the bench must never change the service's tables
        PgConnectOptions options = new PgConnectOptions().setHost(host).setPort(Integer.parseInt(port))
                .setDatabase(name).setUser(user).setPassword(password)
                .addProperty("default_transaction_read_only", "on");
        try {
            return new CallStore(vertx, await(PgConnection.connect(vertx, options)));
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    Summary summary(UUID customer) {
        String sql = "select count(*), count(*) filter (where status <> 'hangup'), count(tm_progressing),"
                + " count(*) filter (where status = 'hangup' and (hangup_reason <> 'normal' or tm_progressing is null)),"
                + " percentile_cont(0.5) within group (order by extract(epoch from tm_progressing - tm_create) * 1000),"
                + " percentile_cont(0.99) within group (order by extract(epoch from tm_progressing - tm_create) * 1000),"
                + " extract(epoch from max(tm_progressing) - min(tm_create))"
                + " from " + SCHEMA + ".call where customer_id = $1";
        Row r = first(query(sql, Tuple.of(customer)));
        return new Summary(count(r, 0), count(r, 1), count(r, 2), count(r, 3), number(r, 4), number(r, 5),
                number(r, 6));
    }

    Acks acks(UUID customer) {
        String okToInvite = "m.direction = 'received' and m.first_line like 'SIP/2.0 200%'"
                + " and m.raw ~* '(^|\\n)CSeq:\\s*[0-9]+\\s+INVITE'";
        String sql = "with t as (select m.call_id,"
                + " min(m.tm) filter (where " + okToInvite + ") as ok,"
                + " count(*) filter (where " + okToInvite + ") as oks,"
                + " min(m.tm) filter (where m.direction = 'sent' and m.first_line like 'ACK %') as ack,"
                + " count(distinct substring(m.raw from 'branch=[^;\\s]+'))"
                + " filter (where m.direction = 'sent' and m.first_line like 'ACK %') as ack_branches"
                + " from " + SCHEMA + ".sip_message m join " + SCHEMA + ".call c on c.id = m.call_id"
                + " where c.customer_id = $1 group by m.call_id),"
                + " d as (select ok, ack, oks, ack_branches, extract(epoch from ack - ok) * 1000 as ms"
                + " from t where ok is not null)"
                + " select count(ms), percentile_cont(0.5) within group (order by ms),"
                + " percentile_cont(0.99) within group (order by ms), max(ms),"
                + " count(*) filter (where ack is null), count(*) filter (where oks > 1),"
                + " count(*) filter (where ack_branches > 1) from d";
        Row r = first(query(sql, Tuple.of(customer)));
        return new Acks(count(r, 0), number(r, 1), number(r, 2), number(r, 3), count(r, 4), count(r, 5),
                count(r, 6));
    }

    /** The most frequent ways this phase's calls did not end normally after an answer, with their counts. */
    List<String> abnormalReasons(UUID customer, int limit) {
        String sql = "select status, hangup_reason, coalesce(sip_status_code::text, '-'), hangup_cause, count(*)"
                + " from " + SCHEMA + ".call where customer_id = $1"
                + " and (status <> 'hangup' or hangup_reason <> 'normal' or tm_progressing is null)"
                + " group by 1, 2, 3, 4 order by 5 desc limit $2";
        List<String> reasons = new ArrayList<>();
        for (Row r : query(sql, Tuple.of(customer, (long) limit))) {
            String status = r.getString(0);
            String cause = r.getString(3);
            reasons.add(("hangup".equals(status) ? "ended " + r.getString(1) + " sip " + r.getString(2)
                    + (cause == null || cause.isEmpty() ? "" : " (" + cause + ")") : "still " + status)
                    + " x" + r.getLong(4));
        }
        return reasons;
    }

    List<UUID> liveCalls(UUID customer) {
        List<UUID> ids = new ArrayList<>();
        for (Row r : query("select id from " + SCHEMA + ".call where customer_id = $1 and status <> 'hangup'",
                Tuple.of(customer))) {
            ids.add(r.getUUID(0));
        }
        return ids;
    }

    private RowSet<Row> query(String sql, Tuple arguments) {
        return await(db.preparedQuery(sql).execute(arguments));
    }

    private static Row first(RowSet<Row> rows) {
        return rows.iterator().next();
    }

    /** A {@code count(*)} (bigint) as the int the table prints. */
    private static int count(Row r, int column) {
        return r.getLong(column).intValue();
    }

    /** A percentile or an epoch difference; NaN when SQL gave null (no answered call in the phase). */
    private static double number(Row r, int column) {
        Double value = r.getDouble(column);
        return value == null ? Double.NaN : value;
    }

    /** Waits on the bench's own thread (never an event loop); a failed query surfaces as its own exception. */
    private static <T> T await(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }

    @Override
    public void close() {
        try {
            await(db.close());
        } finally {
            vertx.close();
        }
    }
}
