package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.provtest.testing.Await;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sipp;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A hangup asked while a call's normal end is still queued in the writer (the session is gone, the row not yet
 * written) is answered with that end: the call is not ended a second time as "lost" (failed) with its real end
 * dropped (issue 15). The writer is held, as a slow database holds it, from the answer until the hangup was asked.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class CallEndRaceTest {

    @Inject
    CallService calls;

    @Inject
    CallLifecycle lifecycle;

    @Inject
    CallWriter writer;

    @Inject
    DataSource dataSource;

    @Test
    void aHangupWhileTheEndIsBeingWrittenKeepsTheRealEnd() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        ExecutorService asker = Executors.newSingleThreadExecutor();
        // the carrier answers, then hangs up 1.5 s later
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_answer_bye.xml"), 1, "-d", "1500")) {
            UUID id = TestCalls.placeTo(calls, carrier);
            Await.until(Duration.ofSeconds(15), "the answer is stored",
                    () -> "progressing".equals(column(id, "status")));

            writer.holdUntil(release);
            Await.until(Duration.ofSeconds(15), "the carrier's BYE ended the call here", () -> !lifecycle.isLive(id));
            assertEquals("progressing", column(id, "status"), "the end is not written yet: the gap of issue 15");

            calls.hangupLater(id); // a groupcall ending its legs
            Future<Call> answer = asker.submit(() -> calls.hangup(id)); // the API
            Thread.sleep(300);
            release.complete(null);

            Call answered = answer.get(10, TimeUnit.SECONDS);
            assertEquals(CallStatus.HANGUP, answered.status(), answered.toString());
            assertEquals("normal", answered.hangupReason(), answered.toString());
            assertEquals("remote", answered.hangupBy(), answered.toString());
            assertEquals("normal", column(id, "hangup_reason"));
            assertEquals("remote", column(id, "hangup_by"));
        } finally {
            release.complete(null);
            asker.shutdownNow();
        }
    }

    private String column(UUID id, String column) throws Exception {
        return Sql.text(dataSource, "select " + column + " from call where id = ?", id);
    }
}
