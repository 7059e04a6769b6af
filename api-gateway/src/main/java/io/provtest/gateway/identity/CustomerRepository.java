package io.provtest.gateway.identity;

import io.provtest.common.db.Jdbc;
import io.provtest.common.page.PageToken;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Singleton
public class CustomerRepository {

    private static final String COLUMNS = "id, name, detail, tm_create, tm_update, tm_delete";

    public Customer insert(Connection c, UUID id, String name, String detail, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into customer (id, name, detail, tm_create)"
                + " values (?, ?, ?, ?) returning " + COLUMNS)) {
            ps.setObject(1, id);
            ps.setString(2, name);
            ps.setString(3, detail);
            ps.setObject(4, Jdbc.utc(now));
            return Jdbc.one(ps, CustomerRepository::map).orElseThrow();
        }
    }

    public Optional<Customer> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from customer where id = ?")) {
            ps.setObject(1, id);
            return Jdbc.one(ps, CustomerRepository::map);
        }
    }

    public List<Customer> listLive(Connection c, PageToken after, int pageSize) throws SQLException {
        return Jdbc.keysetPage(c, "select " + COLUMNS + " from customer", "tm_delete is null", List.of(), after,
                pageSize, CustomerRepository::map);
    }

    public Optional<Customer> update(Connection c, UUID id, String name, String detail, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update customer set name = ?, detail = ?, tm_update = ?"
                + " where id = ? and tm_delete is null returning " + COLUMNS)) {
            ps.setString(1, name);
            ps.setString(2, detail);
            ps.setObject(3, Jdbc.utc(now));
            ps.setObject(4, id);
            return Jdbc.one(ps, CustomerRepository::map);
        }
    }

    public Optional<Customer> softDelete(Connection c, UUID id, Instant now) throws SQLException {
        return Jdbc.softDelete(c, "customer", COLUMNS, id, now, CustomerRepository::map);
    }

    private static Customer map(ResultSet rs) throws SQLException {
        return new Customer(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("detail"),
                Jdbc.instant(rs, "tm_create"), Jdbc.instant(rs, "tm_update"), Jdbc.instant(rs, "tm_delete"));
    }
}
