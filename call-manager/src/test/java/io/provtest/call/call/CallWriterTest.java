package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.engine.CallConfig;
import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * New calls are stored by a writer of their own: a create request does not wait behind a transaction of other calls'
 * changes (bench/README.md, "Where a create waits"), and what the changes writer holds is still written, in order.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class CallWriterTest {

    @Inject
    CallWriter writer;

    @Inject
    CallConfig config;

    @Inject
    DataSource dataSource;

    @Test
    void aNewCallIsStoredWhileTheChangesOfOtherCallsWaitForTheDatabase() throws Exception {
        Call first = newCall();
        Call second = newCall();
        assertTrue(writer.insert(first, null, null, null).get(10, TimeUnit.SECONDS));
        CompletableFuture<Void> release = new CompletableFuture<>();
        try {
            writer.holdChangesUntil(release);
            Instant at = Instant.now();
            CompletableFuture<Boolean> ringing = writer.write(CallChanges.ringing(first, at), null, null);
            CompletableFuture<Boolean> progressing = writer.write(CallChanges.progressing(
                    CallChanges.ringing(first, at), at.plusMillis(5), 200, "OK"), null, null);

            assertTrue(writer.insert(second, null, null, null).get(5, TimeUnit.SECONDS),
                    "the new call is stored while the changes wait");
            assertEquals("dialing", column(second.id(), "status"));
            assertFalse(ringing.isDone(), "the changes writer still holds the first call's changes");
            assertEquals("dialing", column(first.id(), "status"));
            assertTrue(writer.backlog() >= 1, "what waits is counted as the writers' backlog");

            release.complete(null);
            assertTrue(ringing.get(10, TimeUnit.SECONDS));
            assertTrue(progressing.get(10, TimeUnit.SECONDS));
            assertTrue(writer.synced().get(10, TimeUnit.SECONDS));
            assertEquals("progressing", column(first.id(), "status"), "held changes are written in their order");
        } finally {
            release.complete(null);
            // no live call is left behind for the platform-wide counts of other tests
            for (Call call : List.of(first, second)) {
                writer.write(CallChanges.hangup(call, new CallChanges.Hangup("normal", "local", "", Instant.now(),
                        null, null, null)), null, null).get(10, TimeUnit.SECONDS);
            }
        }
    }

    private Call newCall() {
        return new Call(UUID.randomUUID(), UUID.randomUUID(), Ids.NIL, Ids.NIL, Call.TYPE_FLOW, Ids.NIL, Ids.NIL,
                new Address("tel", "+14155551234", "", "", ""), new Address("tel", "+821012345678", "", "", ""),
                CallStatus.DIALING, Map.of(), null, Call.OUTGOING, "", "", "", Ids.NIL, Ids.NIL, "", null, "", null,
                null, null, null, null, Instant.now(), null, null, "no", List.of(), config.instanceId());
    }

    private String column(UUID id, String column) throws Exception {
        return Sql.text(dataSource, "select " + column + " from call where id = ?", id);
    }
}
