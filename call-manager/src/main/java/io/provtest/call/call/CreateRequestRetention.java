package io.provtest.call.call;

import io.provtest.call.engine.EngineExecutors;
import io.provtest.call.engine.PacedPurge;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Forgets create requests ({@link CreateOnce}'s keys and answers) a day after they were claimed, every hour on each
 * replica, on the housekeeping thread. The purge ran inside the first keyed create of each hour, as one statement
 * with a 10 s wait: the create waited for it, and after an idle day the statement deleted a day of requests at once
 * (at 400 calls/s, 34 million rows, each with its calls' JSON).
 */
@Singleton
public class CreateRequestRetention {

    /** A request sent again after this gets no first answer: route-manager's retries and reconciliation come sooner. */
    static final Duration RETENTION = Duration.ofDays(1);
    static final Duration INTERVAL = Duration.ofHours(1);
    static final int BATCH = 5000;
    private static final String T = JsonColumns.SCHEMA + ".create_request";
    /** The oldest {@code $2} keys claimed before {@code $1}, by {@code create_request_tm_create}. */
    private static final String DELETE_BATCH = "delete from " + T + " where key in (select key from " + T
            + " where tm_create < $1 order by tm_create limit $2)";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;
    private final EngineExecutors executors;

    public CreateRequestRetention(Pool pool, EngineExecutors executors) {
        this.pool = pool;
        this.executors = executors;
    }

    void onStart(@Observes StartupEvent event) {
        executors.housekeeping("create request purge", INTERVAL, () -> purge(Instant.now().minus(RETENTION), BATCH));
    }

    /** Deletes the requests claimed before {@code before}, oldest first, {@code batch} per statement; how many. */
    long purge(Instant before, int batch) {
        Tuple args = Tuple.of(before.atOffset(ZoneOffset.UTC), batch);
        return PacedPurge.run("create requests claimed before " + before, () -> {
            int deleted = pool.preparedQuery(DELETE_BATCH).execute(args).await().atMost(TIMEOUT).rowCount();
            return new PacedPurge.Deleted(deleted, deleted == batch);
        });
    }
}
