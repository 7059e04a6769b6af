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
public class AccessKeyRepository {

    private static final String COLUMNS = "id, customer_id, name, detail, token_hint, tm_expire, tm_create,"
            + " tm_update, tm_delete";

    public AccessKey insert(Connection c, UUID id, UUID customerId, String name, String detail, String tokenHash,
                            String tokenHint, Instant expire, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into access_key (id, customer_id, name, detail,"
                + " token_hash, token_hint, tm_expire, tm_create) values (?, ?, ?, ?, ?, ?, ?, ?) returning " + COLUMNS)) {
            ps.setObject(1, id);
            ps.setObject(2, customerId);
            ps.setString(3, name);
            ps.setString(4, detail);
            ps.setString(5, tokenHash);
            ps.setString(6, tokenHint);
            ps.setObject(7, Jdbc.utc(expire));
            ps.setObject(8, Jdbc.utc(now));
            return Jdbc.one(ps, AccessKeyRepository::map).orElseThrow();
        }
    }

    /** The live, unexpired key with this hash. */
    public Optional<AccessKey> findUsable(Connection c, String tokenHash, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from access_key where token_hash = ?"
                + " and tm_delete is null and tm_expire > ?")) {
            ps.setString(1, tokenHash);
            ps.setObject(2, Jdbc.utc(now));
            return Jdbc.one(ps, AccessKeyRepository::map);
        }
    }

    public Optional<AccessKey> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from access_key where id = ?")) {
            ps.setObject(1, id);
            return Jdbc.one(ps, AccessKeyRepository::map);
        }
    }

    public List<AccessKey> listLive(Connection c, UUID customerId, PageToken after, int pageSize) throws SQLException {
        return Jdbc.keysetPage(c, "select " + COLUMNS + " from access_key", "tm_delete is null and customer_id = ?",
                List.of(customerId), after, pageSize, AccessKeyRepository::map);
    }

    public Optional<AccessKey> softDelete(Connection c, UUID id, Instant now) throws SQLException {
        return Jdbc.softDelete(c, "access_key", COLUMNS, id, now, AccessKeyRepository::map);
    }

    private static AccessKey map(ResultSet rs) throws SQLException {
        return new AccessKey(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getString("name"), rs.getString("detail"), rs.getString("token_hint"), null,
                Jdbc.instant(rs, "tm_expire"), Jdbc.instant(rs, "tm_create"), Jdbc.instant(rs, "tm_update"),
                Jdbc.instant(rs, "tm_delete"));
    }
}
