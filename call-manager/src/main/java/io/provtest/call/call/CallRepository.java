package io.provtest.call.call;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The call table's queries. Status changes are conditional updates guarded by the transition table. */
@Singleton
public class CallRepository {

    private static final String COLUMNS = "id, customer_id, flow_id, activeflow_id, type, master_call_id, groupcall_id,"
            + " source, destination, status, metadata, action, direction, hangup_by, hangup_reason, hangup_cause,"
            + " anonymous, dialroute_id, dialroutes, provider_id, sip_call_id, sip_status_code, sip_reason, rtp_stats,"
            + " owner_instance, tm_ringing, tm_progressing, tm_hangup, tm_create, tm_update, tm_delete";
    private static final TypeReference<List<Call.Dialroute>> DIALROUTES = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    public Call insert(Connection c, Call call) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into call (id, customer_id, flow_id, activeflow_id, type,"
                + " master_call_id, groupcall_id, source, destination, status, metadata, direction, anonymous,"
                + " dialroute_id, dialroutes, provider_id, owner_instance, tm_create) values (?, ?, ?, ?, ?, ?, ?,"
                + " ?::jsonb, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?) returning " + COLUMNS)) {
            int i = 1;
            ps.setObject(i++, call.id());
            ps.setObject(i++, call.customerId());
            ps.setObject(i++, call.flowId());
            ps.setObject(i++, call.activeflowId());
            ps.setString(i++, call.type());
            ps.setObject(i++, call.masterCallId());
            ps.setObject(i++, call.groupcallId());
            ps.setString(i++, call.source() == null ? null : json(call.source()));
            ps.setString(i++, json(call.destination()));
            ps.setString(i++, call.status().wire());
            ps.setString(i++, json(call.metadata()));
            ps.setString(i++, call.direction());
            ps.setString(i++, call.anonymous());
            ps.setObject(i++, call.dialrouteId());
            ps.setString(i++, json(call.dialroutes()));
            ps.setObject(i++, call.providerId());
            ps.setString(i++, call.ownerInstance());
            ps.setObject(i, Jdbc.utc(call.tmCreate()));
            return Jdbc.one(ps, CallRepository::map).orElseThrow();
        }
    }

    public Optional<Call> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from call where id = ?")) {
            ps.setObject(1, id);
            return Jdbc.one(ps, CallRepository::map);
        }
    }

    public List<Call> listLive(Connection c, UUID customerId, PageToken after, int pageSize) throws SQLException {
        return Jdbc.keysetPage(c, "select " + COLUMNS + " from call", "tm_delete is null and customer_id = ?",
                List.of(customerId), after, pageSize, CallRepository::map);
    }

    public List<Call> unfinishedOwnedBy(Connection c, String instance) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from call"
                + " where owner_instance = ? and status <> 'hangup'")) {
            ps.setString(1, instance);
            return Jdbc.all(ps, CallRepository::map);
        }
    }

    /**
     * Moves the call to {@code next} if its current status allows it, setting the given columns too (column names
     * are ours, never input). Empty when the move is not allowed (already there, or further on).
     */
    public Optional<Call> transition(Connection c, UUID id, CallStatus next, Map<String, Object> columns, Instant now)
            throws SQLException {
        StringBuilder sql = new StringBuilder("update call set status = ?, tm_update = ?");
        List<Object> params = new ArrayList<>(List.of(next.wire(), Jdbc.utc(now)));
        appendColumns(sql, params, columns);
        sql.append(" where id = ? and status = any (?) returning ").append(COLUMNS);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = bind(ps, params);
            ps.setObject(i++, id);
            ps.setArray(i, c.createArrayOf("text",
                    CallStatus.allowedBefore(next).stream().map(CallStatus::wire).toArray()));
            return Jdbc.one(ps, CallRepository::map);
        }
    }

    /** Sets columns without a status change, unless the call has already hung up. */
    public Optional<Call> updateLive(Connection c, UUID id, Map<String, Object> columns, Instant now) throws SQLException {
        StringBuilder sql = new StringBuilder("update call set tm_update = ?");
        List<Object> params = new ArrayList<>(List.of(Jdbc.utc(now)));
        appendColumns(sql, params, columns);
        sql.append(" where id = ? and status <> 'hangup' returning ").append(COLUMNS);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = bind(ps, params);
            ps.setObject(i, id);
            return Jdbc.one(ps, CallRepository::map);
        }
    }

    public Optional<Call> softDelete(Connection c, UUID id, Instant now) throws SQLException {
        return Jdbc.softDelete(c, "call", COLUMNS, id, now, CallRepository::map);
    }

    private static void appendColumns(StringBuilder sql, List<Object> params, Map<String, Object> columns) {
        for (Map.Entry<String, Object> column : columns.entrySet()) {
            Object value = column.getValue();
            boolean jsonb = value instanceof JsonNode || value instanceof Map || value instanceof List;
            sql.append(", ").append(column.getKey()).append(jsonb ? " = ?::jsonb" : " = ?");
            params.add(value instanceof Instant t ? Jdbc.utc(t) : jsonb ? json(value) : value);
        }
    }

    private static int bind(PreparedStatement ps, List<Object> params) throws SQLException {
        int i = 1;
        for (Object param : params) {
            ps.setObject(i++, param);
        }
        return i;
    }

    static String json(Object value) {
        return new String(Json.bytes(value), StandardCharsets.UTF_8);
    }

    private static Call map(ResultSet rs) throws SQLException {
        try {
            String source = rs.getString("source");
            String action = rs.getString("action");
            String rtp = rs.getString("rtp_stats");
            int code = rs.getInt("sip_status_code");
            Integer sipStatusCode = rs.wasNull() ? null : code;
            return new Call(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                    rs.getObject("flow_id", UUID.class), rs.getObject("activeflow_id", UUID.class), rs.getString("type"),
                    rs.getObject("master_call_id", UUID.class), rs.getObject("groupcall_id", UUID.class),
                    source == null ? null : Json.MAPPER.readValue(source, Address.class),
                    Json.MAPPER.readValue(rs.getString("destination"), Address.class),
                    CallStatus.of(rs.getString("status")), Json.MAPPER.readValue(rs.getString("metadata"), MAP),
                    action == null ? null : Json.MAPPER.readTree(action), rs.getString("direction"),
                    rs.getString("hangup_by"), rs.getString("hangup_reason"), rs.getString("hangup_cause"),
                    rs.getObject("dialroute_id", UUID.class), rs.getObject("provider_id", UUID.class),
                    rs.getString("sip_call_id"), sipStatusCode, rs.getString("sip_reason"),
                    rtp == null ? null : Json.MAPPER.readTree(rtp),
                    Jdbc.instant(rs, "tm_ringing"), Jdbc.instant(rs, "tm_progressing"), Jdbc.instant(rs, "tm_hangup"),
                    Jdbc.instant(rs, "tm_create"), Jdbc.instant(rs, "tm_update"), Jdbc.instant(rs, "tm_delete"),
                    rs.getString("anonymous"), Json.MAPPER.readValue(rs.getString("dialroutes"), DIALROUTES),
                    rs.getString("owner_instance"));
        } catch (JsonProcessingException e) {
            throw new SQLException("call " + rs.getString("id") + " has unreadable JSON columns", e);
        }
    }
}
