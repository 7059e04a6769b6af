package io.provtest.call.sip;

import io.provtest.call.call.JsonColumns;
import io.provtest.call.engine.EngineExecutors;
import io.provtest.call.engine.PacedPurge;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Deletes SIP messages older than {@code sip.trace.retention}. Every call leaves each message it sent and received,
 * whole, and nothing removed them: a day of benchmarks left 2 million calls with their traces and create marks in 16 GB
 * (bench/README.md, "After a soak, on an empty database").
 *
 * <p>A purge deletes the oldest messages first, by the primary key, {@code sip.trace.purge-batch} per statement
 * ({@link PacedPurge}), and stops at the first batch that holds a message after the horizon. It needs no index on
 * the time: ids grow with time (a message's time is taken when it is captured, its id when the trace writer stores
 * its batch, moments later), so a message near the boundary at most waits for the next purge. Replicas purging
 * together delete disjoint or already deleted rows.
 */
@Singleton
public class TraceRetention {

    private static final String T = JsonColumns.SCHEMA + ".sip_message";
    /** The next batch's last id and its size, after {@code $1}. */
    private static final String NEXT_BATCH = "select max(id), count(*) from (select id from " + T
            + " where id > $1 order by id limit $2) b";
    private static final String DELETE_BATCH = "delete from " + T + " where id > $1 and id <= $2 and tm < $3";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;
    private final SipTraceConfig config;
    private final EngineExecutors executors;

    public TraceRetention(Pool pool, SipTraceConfig config, EngineExecutors executors) {
        this.pool = pool;
        this.config = config;
        this.executors = executors;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.retention().isZero()) {
            return;
        }
        executors.housekeeping("SIP trace purge", config.purgeInterval(), () -> purge(horizon()));
    }

    /** The time before which a call's trace may be gone; null when traces are kept for ever. */
    public Instant horizon() {
        return config.retention().isZero() ? null : Instant.now().minus(config.retention());
    }

    /**
     * Deletes the messages captured before {@code before}, oldest first; returns how many. Batches go by id from where
     * the last one ended (a scan from the start would walk every index entry the purge has already deleted, not yet
     * vacuumed, again for each batch), paced by {@link PacedPurge}.
     */
    public long purge(Instant before) {
        int batch = config.purgeBatch();
        OffsetDateTime horizon = before.atOffset(ZoneOffset.UTC);
        long[] after = {0};
        return PacedPurge.run("SIP messages captured before " + before, () -> {
            Row next = pool.preparedQuery(NEXT_BATCH).execute(Tuple.of(after[0], batch)).await().atMost(TIMEOUT)
                    .iterator().next();
            long size = next.getLong(1);
            if (size == 0) {
                return new PacedPurge.Deleted(0, false);
            }
            long upTo = next.getLong(0);
            int deleted = pool.preparedQuery(DELETE_BATCH).execute(Tuple.of(after[0], upTo, horizon))
                    .await().atMost(TIMEOUT).rowCount();
            after[0] = upTo;
            // fewer deleted than selected: the batch reached the horizon; a short batch: the table's end
            return new PacedPurge.Deleted(deleted, deleted == size && size == batch);
        });
    }
}
