package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Which failures of a batch make the writer drop a change (the database refuses it: trying again cannot help) and
 * which make it try again (CallWriter#refusedByTheDatabase).
 */
class DatabaseRefusalTest {

    private static PgException state(String sqlState) {
        return new PgException("failed", "ERROR", sqlState, null);
    }

    @Test
    void badDataAndBrokenConstraintsAreRefusals() {
        assertTrue(CallWriter.refusedByTheDatabase(state("23505")), "unique violation");
        assertTrue(CallWriter.refusedByTheDatabase(state("22P02")), "invalid text representation");
        assertTrue(CallWriter.refusedByTheDatabase(new CompletionException(state("23502"))), "wrapped: not null");
    }

    @Test
    void aDatabaseFailingForAWhileIsNotARefusal() {
        assertFalse(CallWriter.refusedByTheDatabase(state("57P01")), "terminated by the administrator (a restart)");
        assertFalse(CallWriter.refusedByTheDatabase(state("57014")), "statement cancelled");
        assertFalse(CallWriter.refusedByTheDatabase(state("40P01")), "deadlock");
        assertFalse(CallWriter.refusedByTheDatabase(state("40001")), "serialization failure");
        assertFalse(CallWriter.refusedByTheDatabase(state("08006")), "connection failure");
        assertFalse(CallWriter.refusedByTheDatabase(state("53300")), "too many connections");
        assertFalse(CallWriter.refusedByTheDatabase(state("55P03")), "lock not available");
    }

    @Test
    void failuresOtherThanTheDatabasesAnswerAreNotRefusals() {
        assertFalse(CallWriter.refusedByTheDatabase(new io.smallrye.mutiny.TimeoutException()), "no answer in time");
        assertFalse(CallWriter.refusedByTheDatabase(new IllegalStateException("closed")), "no answer at all");
    }
}
