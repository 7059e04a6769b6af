package io.provtest.route.providercall;

import java.sql.SQLException;
import javax.sql.DataSource;

/** Provider-call rows as the reconciliation tests read and age them, straight in PostgreSQL. */
final class ProviderCallRows {

    private ProviderCallRows() {
    }

    /**
     * Dates the record back three minutes, past the stale-pending wait (30 s by default), so the reconciler judges it
     * now.
     */
    static void makeStale(DataSource dataSource, String id) throws SQLException {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("update providercall set tm_create = now() - interval '3 minutes'"
                     + " where id = ?::uuid")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** The record's status; fails when there is no such record. */
    static String status(DataSource dataSource, String id) throws SQLException {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("select status from providercall where id = ?::uuid")) {
            ps.setString(1, id);
            var rs = ps.executeQuery();
            if (!rs.next()) {
                throw new AssertionError("no providercall " + id);
            }
            return rs.getString(1);
        }
    }
}
