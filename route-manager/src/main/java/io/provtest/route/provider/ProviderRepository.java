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
    private static final String COLUMNS = "id, type, hostname, tech_prefix, tech_postfix, tech_headers, name, detail,"
            + " codecs, health_status, health_checked_at, tm_create, tm_update, tm_delete";

    public Provider insert(Connection c, UUID id, ProviderSpec spec, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into provider (id, type, hostname, tech_prefix,"
                + " tech_postfix, tech_headers, name, detail, codecs, health_status, tm_create)"
                + " values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) returning " + COLUMNS)) {
            ps.setObject(1, id);
            bindSpec(ps, 2, spec);
            ps.setString(10, Provider.HEALTH_UNKNOWN);
            ps.setObject(11, Jdbc.utc(now));
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
    public List<Provider> listLive(Connection c, PageToken after, int pageSize) throws SQLException {
        return Jdbc.keysetPage(c, "select " + COLUMNS + " from provider", "tm_delete is null", List.of(), after,
                pageSize, ProviderRepository::map);
    }

    /**
     * Full replace of a live provider. Health goes back to unknown only when the hostname changes: the old
     * verdict was about another host.
     */
    public Optional<Provider> replace(Connection c, UUID id, ProviderSpec spec, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update provider set type = ?, hostname = ?, tech_prefix = ?,"
                + " tech_postfix = ?, tech_headers = ?::jsonb, name = ?, detail = ?, codecs = ?,"
                + " health_status = case when hostname <> ? then 'unknown' else health_status end,"
                + " health_checked_at = case when hostname <> ? then null else health_checked_at end,"
                + " tm_update = ? where id = ? and tm_delete is null returning " + COLUMNS)) {
            bindSpec(ps, 1, spec);
            ps.setString(9, spec.hostname());
            ps.setString(10, spec.hostname());
            ps.setObject(11, Jdbc.utc(now));
            ps.setObject(12, id);
            return Jdbc.one(ps, ProviderRepository::map);
        }
    }

    /** Soft delete; empty when the provider is missing or already deleted. */
    public Optional<Provider> softDelete(Connection c, UUID id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update provider set tm_delete = ?, tm_update = ?"
                + " where id = ? and tm_delete is null returning " + COLUMNS)) {
            ps.setObject(1, Jdbc.utc(now));
            ps.setObject(2, Jdbc.utc(now));
            ps.setObject(3, id);
            return Jdbc.one(ps, ProviderRepository::map);
        }
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
    }

    private static Provider map(ResultSet rs) throws SQLException {
        Map<String, String> headers;
        try {
            headers = Json.MAPPER.readValue(rs.getString("tech_headers"), HEADERS);
        } catch (JsonProcessingException e) {
            throw new SQLException("tech_headers of provider " + rs.getString("id") + " is not a string map", e);
        }
        return new Provider(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("hostname"),
                rs.getString("tech_prefix"), rs.getString("tech_postfix"), headers, rs.getString("name"),
                rs.getString("detail"), rs.getString("codecs"), rs.getString("health_status"),
                Jdbc.instant(rs, "health_checked_at"), Jdbc.instant(rs, "tm_create"), Jdbc.instant(rs, "tm_update"),
                Jdbc.instant(rs, "tm_delete"));
    }
}
