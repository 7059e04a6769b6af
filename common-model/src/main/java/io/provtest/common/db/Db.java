package io.provtest.common.db;

import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.rpc.RpcContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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
 * <p>A unique-index violation becomes a typed ALREADY_EXISTS (a race that the service's own check could not see);
 * any other database failure becomes a typed 500 whose message reveals nothing of the database.
 */
public final class Db {

    private static final Logger LOG = Logger.getLogger(Db.class);
    private static final String UNIQUE_VIOLATION = "23505";

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
                return new ServiceException(ErrorStatus.ALREADY_EXISTS, "ALREADY_EXISTS", "The record already exists.");
            }
        }
        LOG.error("database work failed", t);
        return ServiceException.internal("A database operation failed.");
    }
}
