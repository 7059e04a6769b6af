package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.provtest.testing.Await;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sipp;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A batch of call changes whose answer does not come within the writer's 10 s wait (the call table locked by another
 * session) is settled by how its transaction ended, not written blindly again: one that commits after the wait is
 * done, with its event stored once; one that is aborted meanwhile is written again, once. Real database, broker and
 * SIP peer; each case waits out the writer's wait.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class CallChangeUnansweredTest {

    /** A little more than CallWriter's wait for a batch's answer. */
    private static final Duration PAST_THE_WRITERS_WAIT = Duration.ofMillis(11_000);
    /** The session and transaction of a call UPDATE waiting for a lock, as "pid xid". */
    private static final String BLOCKED_UPDATE = "select pid || ' ' || coalesce(backend_xid::text, '-') from pg_stat_activity"
            + " where wait_event_type = 'Lock' and query like 'update %.call set status%'";

    @Inject
    CallService calls;

    @Inject
    DataSource dataSource;

    @Test
    void aBatchCommittedAfterTheWritersWaitIsNotWrittenAgain() throws Exception {
        List<String> types = answerWhileTheCallTableIsLocked(blocked -> {
            // the first attempt's wait runs out, then the lock goes and the attempt commits
        });
        assertEquals(List.of("call_created", "call_ringing", "call_progressing", "call_hangup"), types,
                "every event once, in order");
    }

    @Test
    void aBatchAbortedAfterTheWritersWaitIsWrittenAgainOnce() throws Exception {
        List<String> types = answerWhileTheCallTableIsLocked(blocked -> {
            // the first attempt is cancelled (aborted) after its wait ran out: the writer writes the batch again, in
            // a new transaction, which waits for the lock in turn
            int pid = Integer.parseInt(blocked.split(" ")[0]);
            Sql.count(dataSource, "select count(*) from pg_cancel_backend(?)", pid);
            Await.until(Duration.ofSeconds(10), "the batch is written again", () -> {
                String again = Sql.text(dataSource, BLOCKED_UPDATE);
                return again != null && !again.equals(blocked);
            });
        });
        assertEquals(List.of("call_created", "call_ringing", "call_progressing", "call_hangup"), types,
                "every event once, in order");
    }

    interface WhileLocked {
        void run(String blockedUpdate) throws Exception;
    }

    /**
     * A call that rings, then is answered while the call table is locked, and hung up 1 s later; the lock is held
     * until the writer's wait for the answer's batch ran out and {@code meanwhile} ran. The types of the call's events,
     * as relayed.
     */
    private List<String> answerWhileTheCallTableIsLocked(WhileLocked meanwhile) throws Exception {
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_ring_answer_bye.xml"), 1, "-d", "1000");
             EventTap tap = EventTap.onTestBroker("call-manager.events")) {
            UUID id = TestCalls.placeTo(calls, carrier);
            Await.until(Duration.ofSeconds(15), "the ringing is written", () -> "ringing".equals(column(id, "status")));

            try (Connection lock = dataSource.getConnection(); Statement s = lock.createStatement()) {
                lock.setAutoCommit(false);
                s.execute("lock table call in share mode"); // the answer's UPDATE waits for it
                Await.until(Duration.ofSeconds(10), "the answer's batch waits for the lock",
                        () -> Sql.text(dataSource, BLOCKED_UPDATE) != null);
                String blocked = Sql.text(dataSource, BLOCKED_UPDATE);
                Thread.sleep(PAST_THE_WRITERS_WAIT.toMillis());
                meanwhile.run(blocked);
                assertEquals("ringing", column(id, "status"), "nothing written past the lock yet");
                lock.commit();
            }

            Await.until(Duration.ofSeconds(15), "the call's end is written",
                    () -> "hangup".equals(column(id, "status")));
            assertEquals("normal", column(id, "hangup_reason"));
            String call = id.toString();
            tap.await(b -> b.contains("\"type\":\"call_hangup\"") && b.contains(call), Duration.ofSeconds(10));
            // a copy stored by a second write would be sent too: by its own batch, or by the outbox's next read of
            // its table (every 5 s) for one whose commit the writer did not see; sent events' rows are removed
            Await.until(Duration.ofSeconds(20), "every event of the call is sent", () -> Sql.count(dataSource,
                    "select count(*) from outbox where data::text like ?", "%" + call + "%") == 0);
            Thread.sleep(500); // from the broker to the tap
            return TestCalls.eventTypes(tap, id);
        }
    }

    private String column(UUID id, String column) throws Exception {
        return Sql.text(dataSource, "select " + column + "::text from call where id = ?", id);
    }
}
