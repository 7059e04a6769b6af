package io.provtest.route.providercall;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Singleton
public class ProviderCallRepository {

    private static final String COLUMNS = "id, customer_id, provider_id, flow_id, temp_flow_id, source, destinations,"
            + " anonymous, call_ids, groupcall_ids, outcomes, warnings, created_by, status, idempotency_key, request_hash,"
            + " tm_create, tm_update, tm_delete";
    private static final TypeReference<List<Address>> ADDRESSES = new TypeReference<>() { };
    private static final TypeReference<List<UUID>> IDS = new TypeReference<>() { };
    private static final TypeReference<List<ProviderCall.Outcome>> OUTCOMES = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    public ProviderCall insert(Connection c, ProviderCall p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into providercall (id, customer_id, provider_id, flow_id,"
                + " temp_flow_id, source, destinations, anonymous, warnings, created_by, status, idempotency_key,"
                + " request_hash, tm_create) values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?, ?)"
                + " returning " + COLUMNS)) {
            ps.setObject(1, p.id());
            ps.setObject(2, p.customerId());
            ps.setObject(3, p.providerId());
            ps.setObject(4, p.flowId());
            ps.setObject(5, p.tempFlowId());
            ps.setString(6, p.source() == null ? null : json(p.source()));
            ps.setString(7, json(p.destinations()));
            ps.setString(8, p.anonymous());
            ps.setString(9, json(p.warnings()));
            ps.setObject(10, p.createdBy());
            ps.setString(11, p.status());
            ps.setString(12, p.idempotencyKey());
            ps.setString(13, p.requestHash());
            ps.setObject(14, Jdbc.utc(p.tmCreate()));
            return Jdbc.one(ps, ProviderCallRepository::map).orElseThrow();
        }
    }

    public Optional<ProviderCall> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from providercall where id = ?")) {
            ps.setObject(1, id);
            return Jdbc.one(ps, ProviderCallRepository::map);
        }
    }

    public Optional<ProviderCall> findByKey(Connection c, UUID customerId, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from providercall"
                + " where customer_id = ? and idempotency_key = ?")) {
            ps.setObject(1, customerId);
            ps.setString(2, key);
            return Jdbc.one(ps, ProviderCallRepository::map);
        }
    }

    /** Frees a key whose 24 h are over, so it can name a new request. */
    public void releaseKey(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update providercall set idempotency_key = null where id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    public List<ProviderCall> listLive(Connection c, UUID providerId, PageToken after, int pageSize) throws SQLException {
        List<Object> params = new ArrayList<>();
        String filter = "tm_delete is null and status <> 'pending'";
        if (providerId != null) {
            filter += " and provider_id = ?";
            params.add(providerId);
        }
        return Jdbc.keysetPage(c, "select " + COLUMNS + " from providercall", filter, params, after, pageSize,
                ProviderCallRepository::map);
    }

    public List<ProviderCall> pendingBefore(Connection c, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from providercall"
                + " where status = 'pending' and tm_create < ?")) {
            ps.setObject(1, Jdbc.utc(before));
            return Jdbc.all(ps, ProviderCallRepository::map);
        }
    }

    /** The calls placed and what became of each destination; status moves on only from pending. */
    public Optional<ProviderCall> settle(Connection c, UUID id, String status, List<UUID> callIds,
                                         List<UUID> groupcallIds, List<ProviderCall.Outcome> outcomes, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update providercall set status = ?, call_ids = ?::jsonb,"
                + " groupcall_ids = ?::jsonb, outcomes = ?::jsonb, tm_update = ? where id = ? and status = 'pending'"
                + " returning " + COLUMNS)) {
            ps.setString(1, status);
            ps.setString(2, json(callIds));
            ps.setString(3, json(groupcallIds));
            ps.setString(4, json(outcomes));
            ps.setObject(5, Jdbc.utc(now));
            ps.setObject(6, id);
            return Jdbc.one(ps, ProviderCallRepository::map);
        }
    }

    /** Records placed calls while the record is still pending (before it is announced). */
    public void recordCalls(Connection c, UUID id, List<UUID> callIds, List<UUID> groupcallIds,
                            List<ProviderCall.Outcome> outcomes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update providercall set call_ids = ?::jsonb,"
                + " groupcall_ids = ?::jsonb, outcomes = ?::jsonb where id = ?")) {
            ps.setString(1, json(callIds));
            ps.setString(2, json(groupcallIds));
            ps.setString(3, json(outcomes));
            ps.setObject(4, id);
            ps.executeUpdate();
        }
    }

    /** Removes a record that placed nothing: a request that failed as a whole leaves no trace but its answer. */
    public void deleteUnplaced(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from providercall where id = ? and status = 'pending'"
                + " and call_ids = '[]'::jsonb")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    public Optional<ProviderCall> softDelete(Connection c, UUID id, Instant now) throws SQLException {
        return Jdbc.softDelete(c, "providercall", COLUMNS, id, now, ProviderCallRepository::map);
    }

    private static String json(Object value) {
        return new String(Json.bytes(value), StandardCharsets.UTF_8);
    }

    private static ProviderCall map(ResultSet rs) throws SQLException {
        try {
            String source = rs.getString("source");
            return new ProviderCall(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                    rs.getObject("provider_id", UUID.class), rs.getObject("flow_id", UUID.class),
                    source == null ? null : Json.MAPPER.readValue(source, Address.class),
                    Json.MAPPER.readValue(rs.getString("destinations"), ADDRESSES), rs.getString("anonymous"),
                    Json.MAPPER.readValue(rs.getString("call_ids"), IDS),
                    Json.MAPPER.readValue(rs.getString("groupcall_ids"), IDS),
                    Json.MAPPER.readValue(rs.getString("outcomes"), OUTCOMES),
                    Json.MAPPER.readValue(rs.getString("warnings"), STRINGS), rs.getObject("created_by", UUID.class),
                    rs.getString("status"), Jdbc.instant(rs, "tm_create"), Jdbc.instant(rs, "tm_update"),
                    Jdbc.instant(rs, "tm_delete"), rs.getObject("temp_flow_id", UUID.class),
                    rs.getString("idempotency_key"), rs.getString("request_hash"));
        } catch (JsonProcessingException e) {
            throw new SQLException("providercall " + rs.getString("id") + " has unreadable JSON", e);
        }
    }
}
