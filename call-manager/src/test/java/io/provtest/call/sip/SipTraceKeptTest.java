package io.provtest.call.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.call.CallService;
import io.provtest.call.call.TestCalls;
import io.provtest.testing.Await;
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
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A call's SIP trace is kept whole when the database fails under its writer: the batch holding the call's INVITE
 * waits behind a lock on sip_message, its session is then terminated by the database (as in a restart), and the
 * batch is written again once the lock goes, once. Before, the batch was logged and dropped: the ladder began without
 * its INVITE. Real database and SIP peer.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class SipTraceKeptTest {

    /** The session and transaction of a trace INSERT waiting for a lock, as "pid xid". */
    private static final String BLOCKED_INSERT = "select pid || ' ' || coalesce(backend_xid::text, '-') from pg_stat_activity"
            + " where wait_event_type = 'Lock' and query like 'insert into %.sip_message%'";

    @Inject
    CallService calls;

    @Inject
    DataSource dataSource;

    @Test
    void aTraceBatchWhoseSessionIsTerminatedIsWrittenAgainOnce() throws Exception {
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_ring_answer_bye.xml"), 1, "-d", "300")) {
            UUID id;
            try (Connection lock = dataSource.getConnection(); Statement s = lock.createStatement()) {
                lock.setAutoCommit(false);
                s.execute("lock table sip_message in share mode"); // the trace's INSERT waits for it
                id = TestCalls.placeTo(calls, carrier);
                Await.until(Duration.ofSeconds(10), "the INVITE's batch waits for the lock",
                        () -> Sql.text(dataSource, BLOCKED_INSERT) != null);
                String blocked = Sql.text(dataSource, BLOCKED_INSERT);
                Sql.count(dataSource, "select count(*) from pg_terminate_backend(?)",
                        Integer.parseInt(blocked.split(" ")[0]));
                Await.until(Duration.ofSeconds(10), "the batch is written again, in a new session", () -> {
                    String again = Sql.text(dataSource, BLOCKED_INSERT);
                    return again != null && !again.equals(blocked);
                });
                assertEquals(0, rows(id, "true"), "nothing of the trace is stored past the lock yet");
                lock.commit();
            }

            Await.until(Duration.ofSeconds(15), "the call's end is in its trace",
                    () -> rows(id, "first_line like 'BYE %'") > 0);
            assertEquals(1, rows(id, "direction = 'sent' and first_line like 'INVITE %'"), "the INVITE, once");
            assertTrue(rows(id, "direction = 'received' and first_line like 'SIP/2.0 180%'") >= 1, "the ringing");
            assertEquals(0, Sql.count(dataSource, "select count(*) - count(distinct (tm, direction, raw))"
                    + " from sip_message where call_id = ?", id), "no message stored twice");
        }
    }

    private long rows(UUID call, String condition) throws Exception {
        return Sql.count(dataSource, "select count(*) from sip_message where call_id = ? and " + condition, call);
    }
}
