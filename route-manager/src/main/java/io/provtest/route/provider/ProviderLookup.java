package io.provtest.route.provider;

import io.provtest.common.db.Db;
import io.provtest.common.model.Provider;
import io.provtest.common.time.Times;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.UUID;

/**
 * One provider by id, read on the reactive client directly: {@code GET /v1/providers/{id}} is the public API's
 * hottest read (each one a round trip through the gateway), and opening a Hibernate Reactive session, loading the
 * entity through its event listeners and closing the session again was about 40 % of route-manager's CPU per
 * request, more than the query. The row becomes the same {@link Provider} {@link ProviderEntity#toProvider} makes
 * (the jsonb headers read as text, in the order the database hands them back, through {@link HeadersColumn}); the
 * entity stays the one way to write. ProviderLookupTest holds the two reads equal.
 */
@Singleton
public class ProviderLookup {

    /** As long as a statement may take before the request fails (the RPC's own deadline is longer). */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    private static final String BY_ID = "select id, type, hostname, tech_prefix, tech_postfix, tech_headers::text,"
            + " transport, name, detail, codecs, health_status, health_checked_at, health_reason, health_rtt_ms,"
            + " health_successes, health_failures, tm_create, tm_update, tm_delete"
            + " from route_manager.provider where id = $1";
    private static final HeadersColumn HEADERS = new HeadersColumn();

    private final Pool pool;

    public ProviderLookup(Pool pool) {
        this.pool = pool;
    }

    /** The provider, deleted or not; null when there is none. Waits on the calling (worker) thread. */
    public Provider find(UUID id) {
        RowIterator<Row> rows = Db.awaitStatement(pool.preparedQuery(BY_ID).execute(Tuple.of(id)), STATEMENT_TIMEOUT)
                .iterator();
        return rows.hasNext() ? provider(rows.next()) : null;
    }

    private static Provider provider(Row r) {
        return new Provider(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                Collections.unmodifiableMap(new LinkedHashMap<>(HEADERS.convertToEntityAttribute(r.getString(5)))),
                r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10), instant(r, 11),
                r.getString(12), r.getDouble(13), r.getInteger(14), r.getInteger(15), instant(r, 16), instant(r, 17),
                instant(r, 18));
    }

    private static Instant instant(Row r, int column) {
        return Times.instant(r.getOffsetDateTime(column));
    }
}
