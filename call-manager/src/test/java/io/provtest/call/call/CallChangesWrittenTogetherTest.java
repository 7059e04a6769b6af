package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.testing.Await;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sipp;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A call's answer and end queued behind a slow database (the writer held from its ringing until the carrier hung up)
 * reach the writer as one batch, which writes the call's row once, with its latest state (CallWriter#latestPerCall):
 * nothing of the earlier change is lost from the row, and every event is relayed, in order.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class CallChangesWrittenTogetherTest {

    @Inject
    CallService calls;

    @Inject
    CallLifecycle lifecycle;

    @Inject
    CallWriter writer;

    @Inject
    DataSource dataSource;

    @Test
    void changesWrittenInOneBatchKeepEveryColumnAndEveryEventInOrder() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        // rings, answers 1 s later, hangs up 300 ms after that
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_ring_answer_bye.xml"), 1, "-d", "300");
             EventTap tap = EventTap.onTestBroker("call-manager.events")) {
            UUID id = TestCalls.placeTo(calls, carrier);
            Await.until(Duration.ofSeconds(15), "the ringing is written", () -> "ringing".equals(column(id, "status")));
            writer.holdUntil(release);

            Await.until(Duration.ofSeconds(15), "the carrier answered and hung up", () -> !lifecycle.isLive(id));
            assertEquals("ringing", column(id, "status"), "the answer and the end are not written yet");
            assertEquals(null, column(id, "tm_progressing"));
            release.complete(null);

            Await.until(Duration.ofSeconds(15), "the call's end is written",
                    () -> "hangup".equals(column(id, "status")));
            assertEquals("200", column(id, "sip_status_code"));
            assertEquals("normal", column(id, "hangup_reason"));
            assertNotNull(column(id, "tm_ringing"), "the ringing kept");
            assertNotNull(column(id, "tm_progressing"), "the answer written within the end's row");
            assertTrue(column(id, "sip_call_id").length() > 0, "the INVITE's Call-ID kept");

            String call = id.toString();
            tap.await(b -> b.contains("\"type\":\"call_hangup\"") && b.contains(call), Duration.ofSeconds(10));
            assertEquals(List.of("call_created", "call_ringing", "call_progressing", "call_hangup"),
                    TestCalls.eventTypes(tap, id));
        } finally {
            release.complete(null);
        }
    }

    private String column(UUID id, String column) throws Exception {
        return Sql.text(dataSource, "select " + column + "::text from call where id = ?", id);
    }
}
