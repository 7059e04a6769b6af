package io.provtest.flow.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.common.db.Jdbc;
import io.provtest.common.json.Json;
import io.provtest.common.model.Action;
import io.provtest.common.page.PageToken;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Singleton
public class FlowRepository {

    private static final TypeReference<List<Action>> ACTIONS = new TypeReference<>() { };
    private static final String COLUMNS = "id, customer_id, type, name, detail, actions, on_complete_flow_id, persist,"
            + " tm_expire, tm_create, tm_update, tm_delete";

    public Flow insert(Connection c, Flow f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into flow (id, customer_id, type, name, detail, actions,"
                + " on_complete_flow_id, persist, tm_expire, tm_create) values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)"
                + " returning " + COLUMNS)) {
            ps.setObject(1, f.id());
            ps.setObject(2, f.customerId());
            ps.setString(3, f.type());
            ps.setString(4, f.name());
            ps.setString(5, f.detail());
            ps.setString(6, json(f.actions()));
            ps.setObject(7, f.onCompleteFlowId());
            ps.setBoolean(8, f.persist());
            ps.setObject(9, Jdbc.utc(f.tmExpire()));
            ps.setObject(10, Jdbc.utc(f.tmCreate()));
            return Jdbc.one(ps, FlowRepository::map).orElseThrow();
        }
    }

    public Optional<Flow> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from flow where id = ?")) {
            ps.setObject(1, id);
            return Jdbc.one(ps, FlowRepository::map);
        }
    }

    public long countPersisted(Connection c, UUID customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from flow where customer_id = ? and persist"
                + " and tm_delete is null")) {
            ps.setObject(1, customerId);
            return Jdbc.one(ps, rs -> rs.getLong(1)).orElse(0L);
        }
    }

    public List<Flow> listPersisted(Connection c, UUID customerId, PageToken after, int pageSize) throws SQLException {
        return Jdbc.keysetPage(c, "select " + COLUMNS + " from flow", "tm_delete is null and persist and customer_id = ?",
                List.of(customerId), after, pageSize, FlowRepository::map);
    }

    public Optional<Flow> update(Connection c, UUID id, String name, String detail, List<Action> actions,
                                 UUID onCompleteFlowId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update flow set name = ?, detail = ?, actions = ?::jsonb,"
                + " on_complete_flow_id = ?, tm_update = ? where id = ? and tm_delete is null returning " + COLUMNS)) {
            ps.setString(1, name);
            ps.setString(2, detail);
            ps.setString(3, json(actions));
            ps.setObject(4, onCompleteFlowId);
            ps.setObject(5, Jdbc.utc(now));
            ps.setObject(6, id);
            return Jdbc.one(ps, FlowRepository::map);
        }
    }

    public Optional<Flow> softDelete(Connection c, UUID id, Instant now) throws SQLException {
        return Jdbc.softDelete(c, "flow", COLUMNS, id, now, FlowRepository::map);
    }

    /** Temporary flows are really removed: compensation must leave nothing behind. */
    public Optional<Flow> deleteTemporary(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from flow where id = ? and not persist returning " + COLUMNS)) {
            ps.setObject(1, id);
            return Jdbc.one(ps, FlowRepository::map);
        }
    }

    public int purgeExpired(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from flow where not persist and tm_expire < ?")) {
            ps.setObject(1, Jdbc.utc(now));
            return ps.executeUpdate();
        }
    }

    private static String json(Object value) {
        return new String(Json.bytes(value), StandardCharsets.UTF_8);
    }

    private static Flow map(ResultSet rs) throws SQLException {
        try {
            return new Flow(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class), rs.getString("type"),
                    rs.getString("name"), rs.getString("detail"), Json.MAPPER.readValue(rs.getString("actions"), ACTIONS),
                    rs.getObject("on_complete_flow_id", UUID.class), rs.getBoolean("persist"),
                    Jdbc.instant(rs, "tm_expire"), Jdbc.instant(rs, "tm_create"), Jdbc.instant(rs, "tm_update"),
                    Jdbc.instant(rs, "tm_delete"));
        } catch (JsonProcessingException e) {
            throw new SQLException("flow " + rs.getString("id") + " has unreadable actions", e);
        }
    }
}
