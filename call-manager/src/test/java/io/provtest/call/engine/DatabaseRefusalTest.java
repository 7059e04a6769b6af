package io.provtest.call.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Which failures of a batch make a writer drop its work (the database refuses it: trying again cannot help) and
 * which make it try again (WriteAttempt#refusedByTheDatabase: the group commit and the SIP trace).
 */
class DatabaseRefusalTest {

    private static PgException state(String sqlState) {
        return new PgException("failed", "ERROR", sqlState, null);
    }

    @Test
    void badDataAndBrokenConstraintsAreRefusals() {
        assertTrue(WriteAttempt.refusedByTheDatabase(state("23505")), "unique violation");
        assertTrue(WriteAttempt.refusedByTheDatabase(state("22P02")), "invalid text representation");
        assertTrue(WriteAttempt.refusedByTheDatabase(new CompletionException(state("23502"))), "wrapped: not null");
    }

    @Test
    void aDatabaseFailingForAWhileIsNotARefusal() {
        assertFalse(WriteAttempt.refusedByTheDatabase(state("57P01")), "terminated by the administrator (a restart)");
        assertFalse(WriteAttempt.refusedByTheDatabase(state("57014")), "statement cancelled");
        assertFalse(WriteAttempt.refusedByTheDatabase(state("40P01")), "deadlock");
        assertFalse(WriteAttempt.refusedByTheDatabase(state("40001")), "serialization failure");
        assertFalse(WriteAttempt.refusedByTheDatabase(state("08006")), "connection failure");
        assertFalse(WriteAttempt.refusedByTheDatabase(state("53300")), "too many connections");
        assertFalse(WriteAttempt.refusedByTheDatabase(state("55P03")), "lock not available");
    }

    @Test
    void failuresOtherThanTheDatabasesAnswerAreNotRefusals() {
        assertFalse(WriteAttempt.refusedByTheDatabase(new io.smallrye.mutiny.TimeoutException()), "no answer in time");
        assertFalse(WriteAttempt.refusedByTheDatabase(new IllegalStateException("closed")), "no answer at all");
    }
}
