package io.provtest.call.groupcall;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.common.db.Jdbc;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.page.PageToken;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The groupcall table's queries. The live-leg counts are read from the legs (calls and child groupcalls not yet
 * hung up) in the same statement, so they are right by construction however the legs end.
 */
@Singleton
public class GroupcallRepository {

    private static final String COLUMNS = "id, customer_id, flow_id, status, source, destinations, ring_method,"
            + " answer_method, anonymous, metadata, master_call_id, master_groupcall_id, answer_call_id,"
            + " answer_groupcall_id, call_ids, groupcall_ids, errors, dial_index, hangup_cause, owner_instance,"
            + " tm_create, tm_update, tm_delete,"
            + " (select count(*) from call l where l.groupcall_id = groupcall.id and l.status <> 'hangup') as call_count,"
            + " (select count(*) from groupcall g where g.master_groupcall_id = groupcall.id and g.status <> 'hangup')"
            + " as groupcall_count";
    private static final TypeReference<List<Address>> ADDRESSES = new TypeReference<>() { };
    private static final TypeReference<List<UUID>> IDS = new TypeReference<>() { };
    private static final TypeReference<List<Groupcall.LegError>> ERRORS = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    public Groupcall insert(Connection c, Groupcall g) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into groupcall (id, customer_id, flow_id, status, source,"
                + " destinations, ring_method, answer_method, anonymous, metadata, master_call_id, master_groupcall_id,"
                + " answer_call_id, answer_groupcall_id, owner_instance, tm_create) values (?, ?, ?, ?, ?::jsonb,"
                + " ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?) returning " + COLUMNS)) {
            int i = 1;
            ps.setObject(i++, g.id());
            ps.setObject(i++, g.customerId());
            ps.setObject(i++, g.flowId());
            ps.setString(i++, g.status());
            ps.setString(i++, g.source() == null ? null : json(g.source()));
            ps.setString(i++, json(g.destinations()));
            ps.setString(i++, g.ringMethod());
            ps.setString(i++, g.answerMethod());
            ps.setString(i++, g.anonymous());
            ps.setString(i++, json(g.metadata()));
            ps.setObject(i++, g.masterCallId());
            ps.setObject(i++, g.masterGroupcallId());
            ps.setObject(i++, g.answerCallId());
            ps.setObject(i++, g.answerGroupcallId());
            ps.setString(i++, g.ownerInstance());
            ps.setObject(i, Jdbc.utc(g.tmCreate()));
            return Jdbc.one(ps, GroupcallRepository::map).orElseThrow();
        }
    }

    public Optional<Groupcall> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from groupcall where id = ?")) {
            ps.setObject(1, id);
            return Jdbc.one(ps, GroupcallRepository::map);
        }
    }

    public List<Groupcall> listLive(Connection c, UUID customerId, PageToken after, int pageSize) throws SQLException {
        return Jdbc.keysetPage(c, "select " + COLUMNS + " from groupcall", "tm_delete is null and customer_id = ?",
                List.of(customerId), after, pageSize, GroupcallRepository::map);
    }

    public List<Groupcall> unfinishedOwnedBy(Connection c, String instance) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from groupcall"
                + " where owner_instance = ? and status <> 'hangup' order by tm_create desc")) {
            ps.setString(1, instance);
            return Jdbc.all(ps, GroupcallRepository::map);
        }
    }

    /** Ids of the legs still alive: calls, then child groupcalls. */
    public List<UUID> liveLegCalls(Connection c, UUID id) throws SQLException {
        return ids(c, "select id from call where groupcall_id = ? and status <> 'hangup'", id);
    }

    public List<UUID> liveLegGroupcalls(Connection c, UUID id) throws SQLException {
        return ids(c, "select id from groupcall where master_groupcall_id = ? and status <> 'hangup'", id);
    }

    public Optional<Groupcall> addCall(Connection c, UUID id, UUID callId, int dialIndex, Instant now)
            throws SQLException {
        return appendLeg(c, id, "call_ids", callId, dialIndex, now);
    }

    public Optional<Groupcall> addGroupcall(Connection c, UUID id, UUID groupcallId, int dialIndex, Instant now)
            throws SQLException {
        return appendLeg(c, id, "groupcall_ids", groupcallId, dialIndex, now);
    }

    private Optional<Groupcall> appendLeg(Connection c, UUID id, String column, UUID leg, int dialIndex, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update groupcall set " + column + " = " + column
                + " || ?::jsonb, dial_index = ?, tm_update = ? where id = ? returning " + COLUMNS)) {
            ps.setString(1, json(List.of(leg)));
            ps.setInt(2, dialIndex);
            ps.setObject(3, Jdbc.utc(now));
            ps.setObject(4, id);
            return Jdbc.one(ps, GroupcallRepository::map);
        }
    }

    public Optional<Groupcall> addError(Connection c, UUID id, Groupcall.LegError error, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update groupcall set errors = errors || ?::jsonb,"
                + " dial_index = ?, tm_update = ? where id = ? returning " + COLUMNS)) {
            ps.setString(1, json(List.of(error)));
            ps.setInt(2, error.index());
            ps.setObject(3, Jdbc.utc(now));
            ps.setObject(4, id);
            return Jdbc.one(ps, GroupcallRepository::map);
        }
    }

    /** Sets the winner, only while the groupcall is ringing and nobody has answered yet. */
    public Optional<Groupcall> answer(Connection c, UUID id, UUID callId, UUID groupcallId, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update groupcall set answer_call_id = ?,"
                + " answer_groupcall_id = ?, tm_update = ? where id = ? and status = 'progressing'"
                + " and answer_call_id = '00000000-0000-0000-0000-000000000000'"
                + " and answer_groupcall_id = '00000000-0000-0000-0000-000000000000' returning " + COLUMNS)) {
            ps.setObject(1, callId);
            ps.setObject(2, groupcallId);
            ps.setObject(3, Jdbc.utc(now));
            ps.setObject(4, id);
            return Jdbc.one(ps, GroupcallRepository::map);
        }
    }

    /** progressing → hangingup; empty when it is already past that. */
    public Optional<Groupcall> hangingUp(Connection c, UUID id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update groupcall set status = 'hangingup', tm_update = ?"
                + " where id = ? and status = 'progressing' returning " + COLUMNS)) {
            ps.setObject(1, Jdbc.utc(now));
            ps.setObject(2, id);
            return Jdbc.one(ps, GroupcallRepository::map);
        }
    }

    /** The final move to hangup, made once: empty when it has already happened. */
    public Optional<Groupcall> hungUp(Connection c, UUID id, String cause, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update groupcall set status = 'hangup', hangup_cause = ?,"
                + " tm_update = ? where id = ? and status <> 'hangup' returning " + COLUMNS)) {
            ps.setString(1, cause);
            ps.setObject(2, Jdbc.utc(now));
            ps.setObject(3, id);
            return Jdbc.one(ps, GroupcallRepository::map);
        }
    }

    public Optional<Groupcall> softDelete(Connection c, UUID id, Instant now) throws SQLException {
        return Jdbc.softDelete(c, "groupcall", COLUMNS, id, now, GroupcallRepository::map);
    }

    private static List<UUID> ids(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            return Jdbc.all(ps, rs -> rs.getObject("id", UUID.class));
        }
    }

    private static String json(Object value) {
        return new String(Json.bytes(value), StandardCharsets.UTF_8);
    }

    private static Groupcall map(ResultSet rs) throws SQLException {
        try {
            String source = rs.getString("source");
            return new Groupcall(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                    rs.getObject("flow_id", UUID.class), rs.getString("status"),
                    source == null ? null : Json.MAPPER.readValue(source, Address.class),
                    Json.MAPPER.readValue(rs.getString("destinations"), ADDRESSES), rs.getString("ring_method"),
                    rs.getString("answer_method"), rs.getString("anonymous"),
                    Json.MAPPER.readValue(rs.getString("metadata"), MAP), rs.getObject("master_call_id", UUID.class),
                    rs.getObject("master_groupcall_id", UUID.class), rs.getObject("answer_call_id", UUID.class),
                    rs.getObject("answer_groupcall_id", UUID.class), Json.MAPPER.readValue(rs.getString("call_ids"), IDS),
                    Json.MAPPER.readValue(rs.getString("groupcall_ids"), IDS),
                    Json.MAPPER.readValue(rs.getString("errors"), ERRORS), rs.getInt("dial_index"),
                    rs.getInt("call_count"), rs.getInt("groupcall_count"), rs.getString("hangup_cause"),
                    Jdbc.instant(rs, "tm_create"), Jdbc.instant(rs, "tm_update"), Jdbc.instant(rs, "tm_delete"),
                    rs.getString("owner_instance"));
        } catch (JsonProcessingException e) {
            throw new SQLException("groupcall " + rs.getString("id") + " has unreadable JSON columns", e);
        }
    }
}
