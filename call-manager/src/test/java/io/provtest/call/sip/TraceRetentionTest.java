package io.provtest.call.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.engine.EngineExecutors;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * SIP messages older than the retention are deleted, in batches, oldest first, and newer ones are kept (real
 * PostgreSQL). The purge goes by the primary key and stops at the first batch that holds a message after the horizon,
 * so this test, whose old messages come after the other tests' by id, purges up to a minute from now (every trace
 * other tests left goes too) and keeps messages stamped an hour ahead, which it removes after itself: left behind,
 * they would stop the next run's purge at its first batch.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class TraceRetentionTest {

    @Inject
    Pool pool;

    @Inject
    EngineExecutors executors;

    @Inject
    DataSource dataSource;

    @Test
    void messagesCapturedBeforeTheHorizonAreDeletedInBatchesAndLaterOnesKept() throws Exception {
        Sql.execute(dataSource, "delete from sip_message where tm > now()"); // an interrupted run's, if any
        UUID old = UUID.randomUUID();
        UUID later = UUID.randomUUID();
        insert(old, Instant.now().minus(Duration.ofDays(40)), 7);
        insert(later, Instant.now().plus(Duration.ofHours(1)), 2);
        try {
            long purged = new TraceRetention(pool, config(3), executors).purge(Instant.now().plusSeconds(60));

            assertEquals(0, count(old), "all seven old messages are gone, over three batches of at most three");
            assertEquals(2, count(later), "messages after the horizon stay");
            assertTrue(purged >= 7, "counts what it deleted: " + purged);
            assertEquals(0, new TraceRetention(pool, config(3), executors)
                            .purge(Instant.now().minus(Duration.ofDays(30))),
                    "a purge at the real horizon finds nothing older and stops at its first batch");
        } finally {
            Sql.execute(dataSource, "delete from sip_message where tm > now()");
        }
    }

    private void insert(UUID callId, Instant tm, int n) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into sip_message (call_id, sip_call_id, tm, direction,"
                     + " local_addr, remote_addr, first_line, raw) values (?, 'x@127.0.0.1', ?, 'sent', 'l', 'r',"
                     + " 'OPTIONS sip:x SIP/2.0', 'OPTIONS sip:x SIP/2.0')")) {
            for (int i = 0; i < n; i++) {
                ps.setObject(1, callId);
                ps.setTimestamp(2, Timestamp.from(tm.plusMillis(i)));
                ps.executeUpdate();
            }
        }
    }

    private long count(UUID callId) throws Exception {
        return Sql.count(dataSource, "select count(*) from sip_message where call_id = ?", callId);
    }

    private static SipTraceConfig config(int batch) {
        return new SipTraceConfig() {
            @Override
            public Duration retention() {
                return Duration.ofDays(30);
            }

            @Override
            public Duration purgeInterval() {
                return Duration.ofHours(1);
            }

            @Override
            public int purgeBatch() {
                return batch;
            }
        };
    }
}
