package io.provtest.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which database failures are "not reachable now" (a typed 503 with a retry hint) and which stay a 500. */
class DbUnreachableTest {

    @Test
    void noConnectionIsUnreachable() {
        assertTrue(Db.unreachable(new CompletionException(new ConnectException("Connection refused"))));
        assertTrue(Db.unreachable(new RuntimeException(ClosedConnectionException.INSTANCE)));
        // a pooled connection the restarting server closed: faults.sh saw flow-manager answer 500 INTERNAL for it
        assertTrue(Db.unreachable(new CompletionException(
                new NoStackTraceThrowable("Connection is not active now, current status: CLOSED"))));
    }

    @Test
    void postgresShuttingDownOrStartingUpIsUnreachable() {
        assertTrue(Db.unreachable(pg("57P01")), "terminating connection due to administrator command");
        assertTrue(Db.unreachable(pg("57P03")), "the database system is starting up");
        assertTrue(Db.unreachable(pg("08006")), "connection failure");
        // as Hibernate Reactive hands it on, translated, with the state kept
        assertTrue(Db.unreachable(new CompletionException(new org.hibernate.exception.JDBCConnectionException(
                "terminating connection", new java.sql.SQLException("terminating connection", "57P01")))));
        assertFalse(Db.unreachable(new org.hibernate.exception.ConstraintViolationException("duplicate",
                new java.sql.SQLException("duplicate key", "23505"), "number_live_unique")));
    }

    @Test
    void aWrongStatementOrAnUnknownFailureIsNot() {
        assertFalse(Db.unreachable(pg("23505")));
        assertFalse(Db.unreachable(pg("42P01")));
        assertFalse(Db.unreachable(pg("57P04")), "database dropped: not coming back by waiting");
        assertFalse(Db.unreachable(new IllegalStateException("bug")));
    }

    @Test
    void theCallerIsToldToComeBackInsteadOfSeeingA500() {
        ServiceException e = Db.failure(new CompletionException(new ConnectException("Connection refused")));
        assertEquals(ErrorStatus.UNAVAILABLE, e.error().status());
        assertEquals("DATABASE_UNAVAILABLE", e.error().reason());
        assertEquals(Db.UNREACHABLE_RETRY_AFTER_SECONDS, e.error().retryAfterSeconds());
        assertEquals(ErrorStatus.INTERNAL, Db.failure(new IllegalStateException("bug")).error().status());
    }

    private static PgException pg(String state) {
        return new PgException("message", "FATAL", state, null);
    }
}
