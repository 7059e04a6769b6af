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
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A writer thread's transaction (the group commit, the SIP trace) that is never written twice: {@link #write} runs the
 * work in a transaction whose number it asks alongside (pipelined on the same connection, no round trip of its own),
 * and when the answer does not come (the wait ran out behind a lock, the connection broke after the commit was asked)
 * it asks the database how that transaction ended before the writer may try again: committed, the work is done;
 * still running, it is waited for; aborted, or its number never came (no commit was asked), the failure is thrown
 * and the writer writes the work again. Written twice, a batch's events would be relayed twice and its trace shown
 * twice. Which failures are worth trying again is {@link #refusedByTheDatabase}.
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
    /** Set once the work is done, before its commit is asked: what it recorded is read only once this is seen. */
    private volatile boolean complete;

    private WriteAttempt() {
    }

    /**
     * Runs {@code work} in one transaction on {@code pool} and waits for it (see the class). Returns once it committed,
     * whether answered in time or found committed afterwards, so what {@code work} recorded on its way is complete;
     * throws its failure otherwise: a refusal at once, any other once the transaction is known not to have committed
     * (or, while the database does not answer that question, when {@code running} turns false). {@code what} names
     * the work in the log.
     */
    public static void write(Pool pool, Function<SqlConnection, Uni<?>> work, BooleanSupplier running, String what)
            throws InterruptedException {
        WriteAttempt attempt = new WriteAttempt();
        Uni<Void> transaction = pool.withTransaction(conn -> Uni.combine().all()
                .unis(conn.query(NUMBER).execute().invoke(r -> attempt.number = r.iterator().next().getLong(0)),
                        Uni.createFrom().deferred(() -> work.apply(conn)))
                .discardItems()
                .invoke(() -> attempt.complete = true));
        try {
            transaction.await().atMost(TIMEOUT);
        } catch (RuntimeException e) {
            if (refusedByTheDatabase(e) || !attempt.committedAfterAll(pool, e, running, what)) {
                throw e;
            }
        }
    }

    /**
     * Whether this attempt, which failed with {@code failure} (not a refusal), committed after all, asked of the
     * database by its transaction's number. While the database does not answer, asked again every
     * {@link #PAUSE_AFTER_FAILURE_MS} until {@code running} turns false, when {@code failure} is thrown.
     */
    private boolean committedAfterAll(Pool pool, RuntimeException failure, BooleanSupplier running, String what)
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
