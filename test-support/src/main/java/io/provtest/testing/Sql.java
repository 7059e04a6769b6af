package io.provtest.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * What component tests ask of the real database beside the service: a count, one value, a statement of set-up with
 * parameters, or a few without.
 */
public final class Sql {

    private Sql() {
    }

    /** The first column of the first row of {@code query} (a {@code count(*)}), with its {@code ?} parameters. */
    public static long count(DataSource db, String query, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = prepared(c, query, params)) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The first column of the first row of {@code query} as text, or null when there is no row. */
    public static String text(DataSource db, String query, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = prepared(c, query, params)) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Runs one statement of set-up with its {@code ?} parameters (a row inserted, a column set). */
    public static void update(DataSource db, String statement, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = prepared(c, statement, params)) {
            ps.executeUpdate();
        }
    }

    private static PreparedStatement prepared(Connection c, String query, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(query);
        try {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
        } catch (SQLException e) {
            ps.close(); // the caller's try-with-resources never got it
            throw e;
        }
        return ps;
    }

    /** Runs each statement in turn on one connection. */
    public static void execute(DataSource db, String... statements) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
