package io.provtest.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.provtest.common.error.ServiceException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A statement awaited on the caller's thread: its answer, or its failure typed as the rest of the database work's. */
class DbAwaitStatementTest {

    @Test
    void anAnsweredStatementGivesItsAnswer() {
        assertEquals(3, Db.awaitStatement(Uni.createFrom().item(3), Duration.ofSeconds(1)));
    }

    @Test
    void aConnectionClosedUnderTheStatementIsA503WithItsRetryHint() {
        ServiceException e = assertThrows(ServiceException.class,
                () -> Db.awaitStatement(Uni.createFrom().failure(ClosedConnectionException.INSTANCE), Duration.ofSeconds(1)));
        assertEquals(503, e.httpStatus());
        assertEquals("DATABASE_UNAVAILABLE", e.error().reason());
        assertEquals(Integer.valueOf(Db.UNREACHABLE_RETRY_AFTER_SECONDS), e.error().retryAfterSeconds());
    }

    @Test
    void aStatementUnansweredInTimeIsTheSame503() {
        ServiceException e = assertThrows(ServiceException.class,
                () -> Db.awaitStatement(Uni.createFrom().nothing(), Duration.ofMillis(50)));
        assertEquals("DATABASE_UNAVAILABLE", e.error().reason());
        assertEquals(Integer.valueOf(Db.UNREACHABLE_RETRY_AFTER_SECONDS), e.error().retryAfterSeconds());
    }

    @Test
    void aStatementTheDatabaseRefusedKeepsItsOwnMeaning() {
        ServiceException duplicate = assertThrows(ServiceException.class, () -> Db.awaitStatement(
                Uni.createFrom().failure(new PgException("duplicate key", "ERROR", "23505", "detail")),
                Duration.ofSeconds(1)));
        assertEquals(409, duplicate.httpStatus());
        ServiceException other = assertThrows(ServiceException.class, () -> Db.awaitStatement(
                Uni.createFrom().failure(new PgException("syntax error", "ERROR", "42601", "detail")),
                Duration.ofSeconds(1)));
        assertEquals(500, other.httpStatus());
    }
}
