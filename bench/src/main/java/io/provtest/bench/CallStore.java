package io.provtest.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads one phase's calls and their SIP trace straight from call-manager's tables (one query each instead of a read
 * per call over RPC, which would load the engine while it is still ending calls). Each phase uses its own customer
 * id, so its calls are exactly that customer's. Credentials come from the environment like the services'
 * ({@code QUARKUS_DATASOURCE_USERNAME}/{@code _PASSWORD}, {@code DB_HOST}, {@code DB_PORT}, {@code DB_NAME}).
 */
final class CallStore implements AutoCloseable {

    private static final String SCHEMA = "call_manager";

    record Summary(int total, int live, int answered, int abnormal, double setup50, double setup99,
                   double setupWindowSeconds) {
    }

    /**
     * ACK delay: for each call, our first ACK sent minus the first 200 OK to its INVITE received, both as our SIP
     * trace stamped them. {@code unacked}: answered calls with no ACK in the trace; {@code okRetransmitted}: calls
     * whose carrier sent its 200 OK more than once (it resends every 500 ms until our ACK arrives).
     */
    record Acks(int measured, double p50, double p99, double max, int unacked, int okRetransmitted) {
    }

    private final Connection db;

    private CallStore(Connection db) {
        this.db = db;
    }

    static CallStore connect(String host, String port, String name, String user, String password) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + name, user,
                password);
        db.setReadOnly(true);
        return new CallStore(db);
    }

    Summary summary(UUID customer) throws SQLException {
        String sql = "select count(*), count(*) filter (where status <> 'hangup'), count(tm_progressing),"
                + " count(*) filter (where status = 'hangup' and (hangup_reason <> 'normal' or tm_progressing is null)),"
                + " percentile_cont(0.5) within group (order by extract(epoch from tm_progressing - tm_create) * 1000),"
                + " percentile_cont(0.99) within group (order by extract(epoch from tm_progressing - tm_create) * 1000),"
                + " extract(epoch from max(tm_progressing) - min(tm_create))"
                + " from " + SCHEMA + ".call where customer_id = ?";
        try (PreparedStatement q = db.prepareStatement(sql)) {
            q.setObject(1, customer);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return new Summary(r.getInt(1), r.getInt(2), r.getInt(3), r.getInt(4), number(r, 5), number(r, 6),
                        number(r, 7));
            }
        }
    }

    Acks acks(UUID customer) throws SQLException {
        String okToInvite = "m.direction = 'received' and m.first_line like 'SIP/2.0 200%'"
                + " and m.raw ~* '(^|\\n)CSeq:\\s*[0-9]+\\s+INVITE'";
        String sql = "with t as (select m.call_id,"
                + " min(m.tm) filter (where " + okToInvite + ") as ok,"
                + " count(*) filter (where " + okToInvite + ") as oks,"
                + " min(m.tm) filter (where m.direction = 'sent' and m.first_line like 'ACK %') as ack"
                + " from " + SCHEMA + ".sip_message m join " + SCHEMA + ".call c on c.id = m.call_id"
                + " where c.customer_id = ? group by m.call_id),"
                + " d as (select ok, ack, oks, extract(epoch from ack - ok) * 1000 as ms from t where ok is not null)"
                + " select count(ms), percentile_cont(0.5) within group (order by ms),"
                + " percentile_cont(0.99) within group (order by ms), max(ms),"
                + " count(*) filter (where ack is null), count(*) filter (where oks > 1) from d";
        try (PreparedStatement q = db.prepareStatement(sql)) {
            q.setObject(1, customer);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return new Acks(r.getInt(1), number(r, 2), number(r, 3), number(r, 4), r.getInt(5), r.getInt(6));
            }
        }
    }

    /** The most frequent ways this phase's calls did not end normally after an answer, with their counts. */
    List<String> abnormalReasons(UUID customer, int limit) throws SQLException {
        String sql = "select status, hangup_reason, coalesce(sip_status_code::text, '-'), hangup_cause, count(*)"
                + " from " + SCHEMA + ".call where customer_id = ?"
                + " and (status <> 'hangup' or hangup_reason <> 'normal' or tm_progressing is null)"
                + " group by 1, 2, 3, 4 order by 5 desc limit ?";
        List<String> reasons = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(sql)) {
            q.setObject(1, customer);
            q.setInt(2, limit);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    String status = r.getString(1);
                    reasons.add(("hangup".equals(status) ? "ended " + r.getString(2) + " sip " + r.getString(3)
                            + (r.getString(4).isEmpty() ? "" : " (" + r.getString(4) + ")") : "still " + status)
                            + " x" + r.getLong(5));
                }
            }
        }
        return reasons;
    }

    List<UUID> liveCalls(UUID customer) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(
                "select id from " + SCHEMA + ".call where customer_id = ? and status <> 'hangup'")) {
            q.setObject(1, customer);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    private static double number(ResultSet r, int column) throws SQLException {
        double value = r.getDouble(column);
        return r.wasNull() ? Double.NaN : value;
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
