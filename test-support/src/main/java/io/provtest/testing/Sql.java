package io.provtest.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import javax.sql.DataSource;

/**
 * What component tests ask of the real database beside the service: a count, one value, a statement of set-up with
 * parameters, or a few without, work in a transaction rolled back afterwards, and the plan PostgreSQL makes for a
 * statement.
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

    /** Work on one statement of a connection whose transaction is rolled back afterwards. */
    @FunctionalInterface
    public interface StatementWork {
        void run(Statement s) throws Exception;
    }

    /**
     * Runs {@code work} in one transaction and rolls it back, whatever happens: rows, statistics ({@code analyze})
     * and settings it makes are seen by no other test. For set-ups too large to delete row by row (the plan tests'
     * tens of thousands of rows).
     */
    public static void rolledBack(DataSource db, StatementWork work) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                work.run(s);
            } finally {
                c.rollback();
            }
        }
    }

    /**
     * The generic plan of {@code statement} (with {@code $n} parameters), as {@code explain} prints it: the plan the
     * services' prepared statements run after their first executions, whatever the parameters' values. Prepared,
     * explained with {@code parameters} nulls and dropped on {@code s}, whose connection must be in a transaction
     * (the plan cache mode is set for that transaction only).
     */
    public static String genericPlan(Statement s, String statement, int parameters) throws SQLException {
        s.execute("set local plan_cache_mode = force_generic_plan");
        s.execute("prepare planned as " + statement);
        StringBuilder plan = new StringBuilder();
        try (ResultSet r = s.executeQuery("explain execute planned("
                + String.join(", ", Collections.nCopies(parameters, "null")) + ")")) {
            while (r.next()) {
                plan.append(r.getString(1)).append('\n');
            }
        }
        s.execute("deallocate planned");
        return plan.toString();
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
