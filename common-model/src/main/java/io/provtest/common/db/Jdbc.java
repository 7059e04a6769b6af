package io.provtest.common.db;

import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.page.PageToken;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Plain JDBC with explicit transactions: a service's repository says which statements share a transaction, and a
 * service can publish its event before commit so that a refused event rolls the change back.
 */
public final class Jdbc {

    private static final Logger LOG = Logger.getLogger(Jdbc.class);

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (Throwable t) {
                connection.rollback();
                throw t;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Runs a read (or a single self-contained statement) on an auto-commit connection. */
    public <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    public static <T> Optional<T> one(PreparedStatement statement, RowMapper<T> mapper) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
        }
    }

    public static <T> List<T> all(PreparedStatement statement, RowMapper<T> mapper) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        }
    }

    /**
     * One newest-first keyset page: rows matching {@code filter} strictly after {@code after} in
     * (tm_create, id) order, plus one extra row that only tells whether another page exists.
     */
    public static <T> List<T> keysetPage(Connection c, String selectFrom, String filter, List<Object> filterParams,
                                         PageToken after, int pageSize, RowMapper<T> mapper) throws SQLException {
        String sql = selectFrom + " where " + filter + (after == null ? "" : " and (tm_create, id) < (?, ?)")
                + " order by tm_create desc, id desc limit ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object param : filterParams) {
                ps.setObject(i++, param);
            }
            if (after != null) {
                ps.setObject(i++, utc(after.tmCreate()));
                ps.setObject(i++, after.id());
            }
            ps.setInt(i, pageSize + 1);
            return all(ps, mapper);
        }
    }

    /**
     * Soft delete: sets tm_delete (and tm_update) on a live row. Empty when the row is missing or already deleted,
     * so the caller decides between 404 and an idempotent answer.
     */
    public static <T> Optional<T> softDelete(Connection c, String table, String columns, UUID id, Instant now,
                                             RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update " + table + " set tm_delete = ?, tm_update = ?"
                + " where id = ? and tm_delete is null returning " + columns)) {
            ps.setObject(1, utc(now));
            ps.setObject(2, utc(now));
            ps.setObject(3, id);
            return one(ps, mapper);
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** For {@code setObject} on a timestamptz column, independent of the JVM's time zone. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static ServiceException failed(SQLException e) {
        if ("23505".equals(e.getSQLState())) {
            // A unique index lost a race that the service's own check could not see.
            return new ServiceException(ErrorStatus.ALREADY_EXISTS, "ALREADY_EXISTS", "The record already exists.");
        }
        LOG.error("database statement failed", e);
        return ServiceException.internal("A database operation failed.");
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }
}
