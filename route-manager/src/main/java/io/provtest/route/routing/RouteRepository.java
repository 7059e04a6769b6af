package io.provtest.route.routing;

import io.provtest.common.model.Route;
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
public class RouteRepository {

    private static final String COLUMNS = "r.id, r.customer_id, r.provider_id, r.priority, r.target, r.name, r.detail,"
            + " r.tm_create, r.tm_update, r.tm_delete";

    public Route insert(Connection c, UUID id, RouteSpec spec, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into route as r (id, customer_id, provider_id, priority,"
                + " target, name, detail, tm_create) values (?, ?, ?, ?, ?, ?, ?, ?) returning " + COLUMNS)) {
            ps.setObject(1, id);
            bind(ps, 2, spec);
            ps.setObject(8, Jdbc.utc(now));
            return Jdbc.one(ps, RouteRepository::map).orElseThrow();
        }
    }

    public Optional<Route> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from route r where r.id = ?")) {
            ps.setObject(1, id);
            return Jdbc.one(ps, RouteRepository::map);
        }
    }

    /** Live routes, newest first; all customers' when {@code customerId} is null. */
    public List<Route> listLive(Connection c, UUID customerId, PageToken after, int pageSize) throws SQLException {
        return Jdbc.keysetPage(c, "select " + COLUMNS + " from route r",
                customerId == null ? "r.tm_delete is null" : "r.tm_delete is null and r.customer_id = ?",
                customerId == null ? List.of() : List.of(customerId), after, pageSize, RouteRepository::map);
    }

    public Optional<Route> replace(Connection c, UUID id, RouteSpec spec, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update route r set customer_id = ?, provider_id = ?,"
                + " priority = ?, target = ?, name = ?, detail = ?, tm_update = ? where r.id = ? and r.tm_delete is null"
                + " returning " + COLUMNS)) {
            bind(ps, 1, spec);
            ps.setObject(7, Jdbc.utc(now));
            ps.setObject(8, id);
            return Jdbc.one(ps, RouteRepository::map);
        }
    }

    public Optional<Route> softDelete(Connection c, UUID id, Instant now) throws SQLException {
        return Jdbc.softDelete(c, "route r", COLUMNS, id, now, RouteRepository::map);
    }

    /** Live routes of the customer and of the default customer for these targets, through live providers only. */
    public List<Route> candidates(Connection c, UUID customerId, List<String> targets) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from route r"
                + " join provider p on p.id = r.provider_id and p.tm_delete is null"
                + " where r.tm_delete is null and r.customer_id in (?, ?) and r.target = any (?)")) {
            ps.setObject(1, customerId);
            ps.setObject(2, Route.DEFAULT_CUSTOMER);
            ps.setArray(3, c.createArrayOf("text", targets.toArray()));
            return Jdbc.all(ps, RouteRepository::map);
        }
    }

    private static void bind(PreparedStatement ps, int first, RouteSpec spec) throws SQLException {
        ps.setObject(first, spec.customerId());
        ps.setObject(first + 1, spec.providerId());
        ps.setInt(first + 2, spec.priority());
        ps.setString(first + 3, spec.target());
        ps.setString(first + 4, spec.name());
        ps.setString(first + 5, spec.detail());
    }

    private static Route map(ResultSet rs) throws SQLException {
        return new Route(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getObject("provider_id", UUID.class), rs.getInt("priority"), rs.getString("target"),
                rs.getString("name"), rs.getString("detail"), Jdbc.instant(rs, "tm_create"),
                Jdbc.instant(rs, "tm_update"), Jdbc.instant(rs, "tm_delete"));
    }
}
