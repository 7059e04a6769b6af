package io.provtest.call.engine;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One attempt of a writer thread (the group commit, the SIP trace) at one transaction, and what to do when it fails.
 * A failure whose answer is the database's refusal of the work itself is not tried again as it is
 * ({@link #refusedByTheDatabase}); any other may still have committed (the wait ran out behind a lock, the connection
 * broke after the commit was asked), so before the work is written again the database is asked how the transaction
 * ended ({@link #committedAfterAll}), by the number the attempt asked with its first statement
 * ({@link #numbered}). Written twice, a batch's events would be relayed twice and its trace shown twice.
 */
public final class WriteAttempt {

    private static final Logger LOG = Logger.getLogger(WriteAttempt.class);
    /** How long a writer waits for its transaction's answer, and for the answer about its end. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long a writer waits before it tries again, or asks again. */
    public static final long PAUSE_AFTER_FAILURE_MS = 500;
    /** SQLSTATE classes of a database that fails for a while (see #refusedByTheDatabase). */
    private static final Set<String> PASSING_STATES = Set.of("08", "40", "53", "55", "57", "58");
    private static final String NUMBER = "select txid_current()";
    private static final String STATUS = "select txid_status($1)";

    /** Set from the transaction's first answer; null: no commit was asked, so none can have happened. */
    private volatile Long number;
    /** Set last before the commit is asked: what the attempt recorded is read only once this is seen. */
    private volatile boolean complete;

    /**
     * {@code first}, the transaction's first statement, with the transaction's number asked alongside it: pipelined
     * on the same connection, no round trip of its own.
     */
    public <T> Uni<T> numbered(SqlConnection conn, Uni<T> first) {
        return Uni.combine().all()
                .unis(conn.query(NUMBER).execute().invoke(r -> number = r.iterator().next().getLong(0)), first)
                .with((ignored, result) -> result);
    }

    /** The attempt's last step before its commit is asked: what it recorded on the way is complete. */
    public void complete() {
        complete = true;
    }

    /**
     * Whether this attempt, which failed with {@code failure} (not a refusal), committed after all, asked of the
     * database by its transaction's number: committed, the work is done and must not be written again; still running
     * (behind a lock), it is waited for; aborted, or its number never came (no commit was asked), it is written again.
     * While the database does not answer, asked again every {@link #PAUSE_AFTER_FAILURE_MS} until
     * {@code running} turns false, when {@code failure} is thrown.
     */
    public boolean committedAfterAll(Pool pool, RuntimeException failure, BooleanSupplier running, String what)
            throws InterruptedException {
        Long asked = number;
        if (asked == null) {
            return false;
        }
        LOG.warnf("%s got no answer (%s); asking the database how its transaction %d ended", what, reason(failure),
                asked);
        while (true) {
            try {
                String status = pool.preparedQuery(STATUS).execute(Tuple.of(asked)).await().atMost(TIMEOUT)
                        .iterator().next().getString(0);
                if ("committed".equals(status) && complete) {
                    LOG.infof("transaction %d committed after all: %s is written, once", asked, what);
                    return true;
                }
                if (!"in progress".equals(status) && !"committed".equals(status)) {
                    // aborted (or, unknown to the database, long gone): nothing of it was written
                    LOG.infof("transaction %d did not commit (%s): %s is written again", asked, status, what);
                    return false;
                }
            } catch (RuntimeException asking) {
                // the database is away: asked again, as the work is written again, until it answers
            }
            if (!running.getAsBoolean()) {
                throw failure;
            }
            TimeUnit.MILLISECONDS.sleep(PAUSE_AFTER_FAILURE_MS);
        }
    }

    /** A failure for the log: a wait that ran out has no message of its own. */
    public static String reason(Throwable e) {
        return e instanceof io.smallrye.mutiny.TimeoutException ? "no answer within " + TIMEOUT.toSeconds() + " s"
                : String.valueOf(e.getMessage());
    }

    /**
     * Pure: whether the database refused the work itself (bad data, a constraint: trying again cannot help) rather
     * than failing for a while. Its answers of a passing state are not refusals: connection trouble (SQLSTATE class
     * 08), a rolled-back transaction (40: deadlock, serialization), no resources (53), a lock not available (55), an
     * operator's act (57: shutting down, a cancelled statement) and system errors (58); a change dropped for a
     * restart of the database would be a call's end lost.
     */
    public static boolean refusedByTheDatabase(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PgException pg) {
                String state = pg.getSqlState();
                return state == null || !PASSING_STATES.contains(state.length() < 2 ? state : state.substring(0, 2));
            }
        }
        return false;
    }
}
