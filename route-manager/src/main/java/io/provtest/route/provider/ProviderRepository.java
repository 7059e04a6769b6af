package io.provtest.route.provider;

import io.provtest.common.model.Provider;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.common.db.Jdbc;
import io.provtest.common.json.Json;
import io.provtest.common.page.PageToken;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.inject.Singleton;

/** The provider table's queries. */
@Singleton
public class ProviderRepository {

    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() { };
    private static final String COLUMNS = "id, type, hostname, tech_prefix, tech_postfix, tech_headers, transport,"
            + " name, detail,"
            + " codecs, health_status, health_checked_at, health_reason, health_rtt_ms, health_successes, health_failures,"
            + " tm_create, tm_update, tm_delete";

    public Provider insert(Connection c, UUID id, ProviderSpec spec, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into provider (id, type, hostname, tech_prefix,"
                + " tech_postfix, tech_headers, name, detail, codecs, transport, health_status, tm_create)"
                + " values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?) returning " + COLUMNS)) {
            ps.setObject(1, id);
            bindSpec(ps, 2, spec);
            ps.setString(11, Provider.HEALTH_UNKNOWN);
            ps.setObject(12, Jdbc.utc(now));
            return Jdbc.one(ps, ProviderRepository::map).orElseThrow();
        }
    }

    public Optional<Provider> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from provider where id = ?")) {
            ps.setObject(1, id);
            return Jdbc.one(ps, ProviderRepository::map);
        }
    }

    /** Live providers, newest first, one row more than the page so the caller knows whether another page exists. */
    public List<Provider> listLive(Connection c, String healthStatus, PageToken after, int pageSize)
            throws SQLException {
        return Jdbc.keysetPage(c, "select " + COLUMNS + " from provider",
                healthStatus == null ? "tm_delete is null" : "tm_delete is null and health_status = ?",
                healthStatus == null ? List.of() : List.of(healthStatus), after, pageSize, ProviderRepository::map);
    }

    /** Live providers' ids and hostnames, for the prober. */
    public List<Provider> allLive(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from provider where tm_delete is null")) {
            return Jdbc.all(ps, ProviderRepository::map);
        }
    }

    /** Records a probe result; tm_update keeps meaning "last changed by someone", so it is not touched. */
    public Optional<Provider> recordHealth(Connection c, UUID id, String status, String reason, Double rttMs,
                                           int successes, int failures, Instant checkedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update provider set health_status = ?, health_reason = ?,"
                + " health_rtt_ms = ?, health_successes = ?, health_failures = ?, health_checked_at = ?"
                + " where id = ? and tm_delete is null returning " + COLUMNS)) {
            ps.setString(1, status);
            ps.setString(2, reason);
            ps.setObject(3, rttMs);
            ps.setInt(4, successes);
            ps.setInt(5, failures);
            ps.setObject(6, Jdbc.utc(checkedAt));
            ps.setObject(7, id);
            return Jdbc.one(ps, ProviderRepository::map);
        }
    }

    /**
     * Full replace of a live provider. Health goes back to unknown only when the hostname changes: the old
     * verdict was about another host.
     */
    public Optional<Provider> replace(Connection c, UUID id, ProviderSpec spec, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update provider set type = ?, hostname = ?, tech_prefix = ?,"
                + " tech_postfix = ?, tech_headers = ?::jsonb, name = ?, detail = ?, codecs = ?, transport = ?,"
                + " health_status = case when hostname <> ? then 'unknown' else health_status end,"
                + " health_checked_at = case when hostname <> ? then null else health_checked_at end,"
                + " health_reason = case when hostname <> ? then '' else health_reason end,"
                + " health_rtt_ms = case when hostname <> ? then null else health_rtt_ms end,"
                + " health_successes = case when hostname <> ? then 0 else health_successes end,"
                + " health_failures = case when hostname <> ? then 0 else health_failures end,"
                + " tm_update = ? where id = ? and tm_delete is null returning " + COLUMNS)) {
            bindSpec(ps, 1, spec);
            for (int i = 10; i <= 15; i++) {
                ps.setString(i, spec.hostname());
            }
            ps.setObject(16, Jdbc.utc(now));
            ps.setObject(17, id);
            return Jdbc.one(ps, ProviderRepository::map);
        }
    }

    /** Soft delete; empty when the provider is missing or already deleted. */
    public Optional<Provider> softDelete(Connection c, UUID id, Instant now) throws SQLException {
        return Jdbc.softDelete(c, "provider", COLUMNS, id, now, ProviderRepository::map);
    }

    private static void bindSpec(PreparedStatement ps, int first, ProviderSpec spec) throws SQLException {
        ps.setString(first, spec.type());
        ps.setString(first + 1, spec.hostname());
        ps.setString(first + 2, spec.techPrefix());
        ps.setString(first + 3, spec.techPostfix());
        ps.setString(first + 4, new String(Json.bytes(spec.techHeaders()), java.nio.charset.StandardCharsets.UTF_8));
        ps.setString(first + 5, spec.name());
        ps.setString(first + 6, spec.detail());
        ps.setString(first + 7, spec.codecs());
        ps.setString(first + 8, spec.transport());
    }

    private static Provider map(ResultSet rs) throws SQLException {
        Map<String, String> headers;
        try {
            headers = Json.MAPPER.readValue(rs.getString("tech_headers"), HEADERS);
        } catch (JsonProcessingException e) {
            throw new SQLException("tech_headers of provider " + rs.getString("id") + " is not a string map", e);
        }
        return new Provider(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("hostname"),
                rs.getString("tech_prefix"), rs.getString("tech_postfix"), headers, rs.getString("transport"),
                rs.getString("name"),
                rs.getString("detail"), rs.getString("codecs"), rs.getString("health_status"),
                Jdbc.instant(rs, "health_checked_at"), rs.getString("health_reason"),
                rs.getObject("health_rtt_ms") == null ? null : rs.getDouble("health_rtt_ms"),
                rs.getInt("health_successes"), rs.getInt("health_failures"), Jdbc.instant(rs, "tm_create"), Jdbc.instant(rs, "tm_update"),
                Jdbc.instant(rs, "tm_delete"));
    }
}
