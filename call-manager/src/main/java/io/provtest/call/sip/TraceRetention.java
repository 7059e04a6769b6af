package io.provtest.call.sip;

import io.provtest.call.call.JsonColumns;
import io.provtest.call.engine.EngineExecutors;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Deletes SIP messages older than {@code sip.trace.retention}. Every call leaves each message it sent and received,
 * whole, and nothing removed them: a day of benchmarks left 2 million calls with their traces and create marks in 16 GB
 * (bench/README.md, "After a soak, on an empty database").
 *
 * <p>A purge deletes the oldest messages first, by the primary key, {@code sip.trace.purge-batch} per statement
 * (each its own short transaction, so no lock is held long and the calls' writes go on), and stops at the first
 * statement that finds fewer old ones. It needs no index on the time: ids grow with time (a message's time is taken
 * when it is captured, its id when the trace writer stores its batch, moments later), so a message near the boundary
 * at most waits for the next purge. Replicas purging together delete disjoint or already deleted rows: harmless.
 */
@Singleton
public class TraceRetention {

    private static final Logger LOG = Logger.getLogger(TraceRetention.class);
    private static final String T = JsonColumns.SCHEMA + ".sip_message";
    private static final String DELETE_OLDEST = "delete from " + T + " where id in (select id from " + T
            + " order by id limit $2) and tm < $1";
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
        executors.housekeeping(config.purgeInterval(), () -> {
            try {
                purge(Instant.now().minus(config.retention()));
            } catch (RuntimeException e) {
                LOG.warnf("SIP trace purge failed (the next one goes on from where it stopped): %s", e.getMessage());
            }
        });
    }

    /** The time before which a call's trace may be gone; null when traces are kept for ever. */
    public Instant horizon() {
        return config.retention().isZero() ? null : Instant.now().minus(config.retention());
    }

    /** Deletes the messages captured before {@code before}, oldest first; returns how many. */
    public long purge(Instant before) {
        int batch = config.purgeBatch();
        long purged = 0;
        int deleted;
        do {
            deleted = pool.preparedQuery(DELETE_OLDEST).execute(Tuple.of(before.atOffset(ZoneOffset.UTC), batch))
                    .await().atMost(TIMEOUT).rowCount();
            purged += deleted;
        } while (deleted >= batch);
        if (purged > 0) {
            LOG.infof("purged %d SIP messages captured before %s", purged, before);
        }
        return purged;
    }
}
