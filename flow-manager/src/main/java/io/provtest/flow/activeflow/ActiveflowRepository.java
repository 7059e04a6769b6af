package io.provtest.flow.activeflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.common.db.Jdbc;
import io.provtest.common.json.Json;
import io.provtest.common.model.Action;
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
public class ActiveflowRepository {

    private static final TypeReference<List<Action>> ACTIONS = new TypeReference<>() { };
    private static final String COLUMNS = "id, customer_id, flow_id, reference_type, reference_id, actions,"
            + " current_action_id, status, tm_create, tm_update, tm_delete";

    public Activeflow insert(Connection c, Activeflow a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into activeflow (id, customer_id, flow_id, reference_type,"
                + " reference_id, actions, status, tm_create) values (?, ?, ?, ?, ?, ?::jsonb, ?, ?) returning " + COLUMNS)) {
            ps.setObject(1, a.id());
            ps.setObject(2, a.customerId());
            ps.setObject(3, a.flowId());
            ps.setString(4, a.referenceType());
            ps.setObject(5, a.referenceId());
            ps.setString(6, new String(Json.bytes(a.actions()), StandardCharsets.UTF_8));
            ps.setString(7, a.status());
            ps.setObject(8, Jdbc.utc(a.tmCreate()));
            return Jdbc.one(ps, ActiveflowRepository::map).orElseThrow();
        }
    }

    public Optional<Activeflow> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from activeflow where id = ?")) {
            ps.setObject(1, id);
            return Jdbc.one(ps, ActiveflowRepository::map);
        }
    }

    /** Moves the cursor of a running activeflow, or ends it when {@code status} is ended. */
    public Optional<Activeflow> move(Connection c, UUID id, UUID current, String status, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update activeflow set current_action_id = ?, status = ?,"
                + " tm_update = ?, tm_delete = case when ? = 'ended' then ? else tm_delete end"
                + " where id = ? and status = 'running' returning " + COLUMNS)) {
            ps.setObject(1, current);
            ps.setString(2, status);
            ps.setObject(3, Jdbc.utc(now));
            ps.setString(4, status);
            ps.setObject(5, Jdbc.utc(now));
            ps.setObject(6, id);
            return Jdbc.one(ps, ActiveflowRepository::map);
        }
    }

    private static Activeflow map(ResultSet rs) throws SQLException {
        try {
            return new Activeflow(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                    rs.getObject("flow_id", UUID.class), rs.getString("reference_type"),
                    rs.getObject("reference_id", UUID.class), Json.MAPPER.readValue(rs.getString("actions"), ACTIONS),
                    rs.getObject("current_action_id", UUID.class), rs.getString("status"), Jdbc.instant(rs, "tm_create"),
                    Jdbc.instant(rs, "tm_update"), Jdbc.instant(rs, "tm_delete"));
        } catch (JsonProcessingException e) {
            throw new SQLException("activeflow " + rs.getString("id") + " has unreadable actions", e);
        }
    }
}
