package io.provtest.gateway.identity;

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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Singleton
public class AgentRepository {

    private static final TypeReference<List<Address>> ADDRESSES = new TypeReference<>() { };
    private static final String COLUMNS = "id, customer_id, username, password_hash, name, detail, permission,"
            + " addresses, ring_method, tm_create, tm_update, tm_delete";

    /** An agent with its password hash, for login and for the checks that need the stored row. */
    public record Row(Agent agent, String passwordHash) {
    }

    public record Fields(String username, String passwordHash, String name, String detail, int permission,
                         List<Address> addresses, String ringMethod) {
    }

    public Agent insert(Connection c, UUID id, UUID customerId, Fields f, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into agent (id, customer_id, username, password_hash,"
                + " name, detail, permission, addresses, ring_method, tm_create)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) returning " + COLUMNS)) {
            ps.setObject(1, id);
            ps.setObject(2, customerId);
            ps.setString(3, f.username());
            ps.setString(4, f.passwordHash());
            ps.setString(5, f.name());
            ps.setString(6, f.detail());
            ps.setInt(7, f.permission());
            ps.setString(8, json(f.addresses()));
            ps.setString(9, f.ringMethod());
            ps.setObject(10, Jdbc.utc(now));
            return Jdbc.one(ps, AgentRepository::map).orElseThrow().agent();
        }
    }

    public boolean anyExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from agent limit 1")) {
            return Jdbc.one(ps, rs -> true).isPresent();
        }
    }

    public boolean usernameTaken(Connection c, String username, UUID exceptId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from agent where lower(username) = lower(?)"
                + " and tm_delete is null and id <> ?")) {
            ps.setString(1, username);
            ps.setObject(2, exceptId);
            return Jdbc.one(ps, rs -> true).isPresent();
        }
    }

    public Optional<Row> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from agent where id = ?")) {
            ps.setObject(1, id);
            return Jdbc.one(ps, AgentRepository::map);
        }
    }

    public Optional<Row> findLiveByUsername(Connection c, String username) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from agent"
                + " where lower(username) = lower(?) and tm_delete is null")) {
            ps.setString(1, username);
            return Jdbc.one(ps, AgentRepository::map);
        }
    }

    /** Live agents, newest first; all customers when {@code customerId} is null. */
    public List<Agent> listLive(Connection c, UUID customerId, PageToken after, int pageSize) throws SQLException {
        return Jdbc.keysetPage(c, "select " + COLUMNS + " from agent",
                customerId == null ? "tm_delete is null" : "tm_delete is null and customer_id = ?",
                customerId == null ? List.of() : List.of(customerId), after, pageSize, rs -> map(rs).agent());
    }

    public Optional<Agent> update(Connection c, UUID id, Fields f, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update agent set username = ?, password_hash = ?, name = ?,"
                + " detail = ?, permission = ?, addresses = ?::jsonb, ring_method = ?, tm_update = ?"
                + " where id = ? and tm_delete is null returning " + COLUMNS)) {
            ps.setString(1, f.username());
            ps.setString(2, f.passwordHash());
            ps.setString(3, f.name());
            ps.setString(4, f.detail());
            ps.setInt(5, f.permission());
            ps.setString(6, json(f.addresses()));
            ps.setString(7, f.ringMethod());
            ps.setObject(8, Jdbc.utc(now));
            ps.setObject(9, id);
            return Jdbc.one(ps, rs -> map(rs).agent());
        }
    }

    public Optional<Agent> softDelete(Connection c, UUID id, Instant now) throws SQLException {
        return Jdbc.softDelete(c, "agent", COLUMNS, id, now, rs -> map(rs).agent());
    }

    private static String json(List<Address> addresses) {
        return new String(Json.bytes(addresses), StandardCharsets.UTF_8);
    }

    private static Row map(ResultSet rs) throws SQLException {
        List<Address> addresses;
        try {
            addresses = Json.MAPPER.readValue(rs.getString("addresses"), ADDRESSES);
        } catch (JsonProcessingException e) {
            throw new SQLException("addresses of agent " + rs.getString("id") + " are not a list of addresses", e);
        }
        Agent agent = new Agent(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getString("username"), rs.getString("name"), rs.getString("detail"), rs.getInt("permission"),
                addresses, rs.getString("ring_method"), Jdbc.instant(rs, "tm_create"), Jdbc.instant(rs, "tm_update"),
                Jdbc.instant(rs, "tm_delete"));
        return new Row(agent, rs.getString("password_hash"));
    }
}
