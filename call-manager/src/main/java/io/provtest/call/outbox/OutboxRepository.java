package io.provtest.call.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.db.Jdbc;
import io.provtest.common.json.Json;
import java.sql.Connection;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The outbox table: rows are added inside the change's transaction, read oldest first, deleted once confirmed. */
final class OutboxRepository {

    void add(Connection c, String instanceId, String type, String requestId, Object data) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into outbox (instance_id, type, request_id, data) values (?, ?, ?, ?::jsonb)")) {
            ps.setString(1, instanceId);
            ps.setString(2, type);
            ps.setString(3, requestId);
            ps.setString(4, new String(Json.bytes(data), StandardCharsets.UTF_8));
            ps.executeUpdate();
        }
    }

    List<OutboxEvent> oldest(Connection c, String instanceId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select seq, type, request_id, data from outbox"
                + " where instance_id = ? order by seq limit ?")) {
            ps.setString(1, instanceId);
            ps.setInt(2, limit);
            return Jdbc.all(ps, rs -> new OutboxEvent(rs.getLong("seq"), rs.getString("type"),
                    rs.getString("request_id"), data(rs)));
        }
    }

    private static JsonNode data(ResultSet rs) throws SQLException {
        try {
            return Json.MAPPER.readTree(rs.getString("data"));
        } catch (JsonProcessingException e) {
            throw new SQLException("outbox row " + rs.getLong("seq") + " has unreadable data", e);
        }
    }

    void remove(Connection c, List<Long> seqs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from outbox where seq = any(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
            ps.executeUpdate();
        }
    }
}
