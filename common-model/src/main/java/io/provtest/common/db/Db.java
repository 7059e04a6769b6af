package io.provtest.common.db;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.rpc.RpcContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one bridge between the services' threads and Hibernate Reactive.
 *
 * <p>RPC workers, the SIP stack's threads and the engine's executors are plain threads that may block; Hibernate
 * Reactive sessions live on a Vert.x duplicated context and must never be awaited on an event loop. Each method
 * here runs its reactive work on a new duplicated context (Quarkus' {@link VertxContextSupport}), carries the
 * caller's request id onto it (logs, events), and blocks the calling thread until it finished. Calling it from an
 * event loop is a programming error and fails at once instead of freezing the loop.
 *
 * <p>A unique-index violation becomes a typed ALREADY_EXISTS (a race that the service's own check could not see); a
 * database that cannot be reached (down, restarting, the connection cut) becomes a typed {@code 503
 * DATABASE_UNAVAILABLE} with a retry hint: the caller did nothing wrong and can come back, which a 500 would not tell
 * it; any other database failure becomes a typed 500 whose message reveals nothing of the database.
 */
public final class Db {

    private static final Logger LOG = Logger.getLogger(Db.class);
    private static final String UNIQUE_VIOLATION = "23505";
    /** The reason of the typed error a unique violation becomes ({@link #failure}): a row with that key exists. */
    public static final String ALREADY_EXISTS = "ALREADY_EXISTS";
    /**
     * The retry hint of {@code DATABASE_UNAVAILABLE}: a PostgreSQL restart here takes 5 to 20 s (bench/faults.sh's
     * "restart PostgreSQL"), and a client that comes back sooner meets the same answer at no cost to anyone.
     */
    static final int UNREACHABLE_RETRY_AFTER_SECONDS = 5;
    /** admin_shutdown, crash_shutdown, cannot_connect_now: the server is going down or not up yet. */
    private static final Set<String> RESTARTING = Set.of("57P01", "57P02", "57P03");
    /**
     * The reactive client's answer to work sent on a pooled connection the server has just closed (a bare
     * {@code NoStackTraceThrowable}: only its message says so); seen in flow-manager during faults.sh's PostgreSQL
     * restart.
     */
    private static final String NOT_ACTIVE = "Connection is not active now";

    private Db() {
    }

    /** Runs {@code work} in one transaction: committed when its Uni succeeds, rolled back when it fails. */
    public static <T> T transaction(Supplier<Uni<T>> work) {
        return await(() -> Panache.withTransaction(work));
    }

    /** Runs {@code work} in a session without a transaction (reads, single self-contained statements). */
    public static <T> T read(Supplier<Uni<T>> work) {
        return await(() -> Panache.withSession(work));
    }

    /**
     * Runs {@code work} on the reactive PostgreSQL client itself, without a Hibernate session (a statement or a
     * {@code pool.withTransaction} of a few), with the same bridge and the same typed failures. For native SQL on a
     * hot path: Hibernate ORM 7.2 caches a native select's plan under a key that compares its result mapping by
     * identity, a new one per execution, so each execution adds an entry that is never found again, in one hash bin
     * per statement (bench/README.md, "Native selects through Hibernate").
     */
    public static <T> T statements(Supplier<Uni<T>> work) {
        return await(work);
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        Context current = Vertx.currentContext();
        if (current != null && Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Db must not be awaited on an event loop; chain the Uni instead");
        }
        String requestId = RpcContext.currentRequestId();
        try {
            return VertxContextSupport.subscribeAndAwait(() -> {
                RpcContext.bindToVertxContext(requestId);
                return work.get();
            });
        } catch (ServiceException e) {
            throw e;
        } catch (Throwable t) {
            throw failure(t);
        }
    }

    /** Maps a failure of reactive database work to the typed error the caller sees. */
    public static ServiceException failure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ServiceException e) {
                return e;
            }
            if (c instanceof io.vertx.pgclient.PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                    || c instanceof org.hibernate.JDBCException jdbc && UNIQUE_VIOLATION.equals(jdbc.getSQLState())) {
                return new ServiceException(ErrorStatus.ALREADY_EXISTS, ALREADY_EXISTS, "The record already exists.");
            }
        }
        if (unreachable(t)) {
            LOG.warnf("the database is not reachable: %s", t);
            return unavailable();
        }
        LOG.error("database work failed", t);
        return ServiceException.internal("A database operation failed.");
    }

    /**
     * A statement on the reactive client awaited on the calling thread (not Vert.x's) for at most {@code timeout},
     * its failure typed as {@link #failure} types it, and no answer in time typed as {@link #unavailable}: the
     * database is not answering. For code that holds its own pool on a request's path (call-manager's keyed creates,
     * its recordings), so that a database restarting reaches the caller as a 503 with its retry hint, never an
     * untyped 500 (bench/README.md, "Fault injection at the final code").
     */
    public static <T> T awaitStatement(Uni<T> statement, Duration timeout) {
        try {
            return statement.await().atMost(timeout);
        } catch (io.smallrye.mutiny.TimeoutException e) {
            LOG.warnf("the database did not answer a statement within %s", timeout);
            throw unavailable();
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    /** The typed answer when the database is out of reach or not answering: 503 with a retry hint. */
    public static ServiceException unavailable() {
        // the message alone, as before: it also becomes a call's hangup cause (the hint travels beside it)
        return new ServiceException(ApiError.retryLater(ErrorStatus.UNAVAILABLE, "DATABASE_UNAVAILABLE",
                "The database is not reachable.", UNREACHABLE_RETRY_AFTER_SECONDS));
    }

    /**
     * Pure: whether a failure says the database could not be reached rather than that the work was wrong: no
     * connection (refused, reset, closed under the query or before it was sent), or PostgreSQL's own "connection
     * exception" (SQLSTATE class 08) and "shutting down / starting up" answers (57P01 to 57P03) during a restart,
     * whether the reactive client's own exception carries the state or Hibernate's translation of it.
     */
    static boolean unreachable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.net.SocketException || c instanceof java.nio.channels.ClosedChannelException
                    || c instanceof io.vertx.sqlclient.ClosedConnectionException
                    || c.getMessage() != null && c.getMessage().startsWith(NOT_ACTIVE)) {
                return true;
            }
            String state = c instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState()
                    : c instanceof org.hibernate.JDBCException hibernate ? hibernate.getSQLState() : null;
            if (state != null && (state.startsWith("08") || RESTARTING.contains(state))) {
                return true;
            }
        }
        return false;
    }
}
