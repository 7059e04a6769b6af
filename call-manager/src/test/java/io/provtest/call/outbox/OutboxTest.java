package io.provtest.call.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.db.Jdbc;
import io.provtest.common.rpc.RpcContext;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The outbox against the real database and broker: a change and its event commit together, then reach the broker. */
@QuarkusTest
@WithTestResource(InfraResource.class)
class OutboxTest {

    @Inject
    Outbox outbox;

    @Inject
    DataSource dataSource;

    private long rowsMentioning(String marker) {
        return new Jdbc(dataSource).read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from outbox where data::text like ?")) {
                ps.setString(1, "%" + marker + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void aRecordedChangeReachesTheBrokerWithItsRequestIdAndLeavesNoRow() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (EventTap tap = EventTap.onTestBroker("call-manager.events");
             RpcContext.Scope ignored = RpcContext.open("req_outbox_test", null)) {
            Optional<Map<String, String>> changed = outbox.record("call_hangup", c -> Optional.of(Map.of("id", marker)));
            assertTrue(changed.isPresent());
            String event = tap.await(b -> b.contains(marker), Duration.ofSeconds(10));
            assertNotNull(event, "the event reached the broker: " + tap.received());
            assertTrue(event.contains("\"type\":\"call_hangup\"") && event.contains("req_outbox_test"), event);
        }
        long deadline = System.currentTimeMillis() + 5_000;
        while (rowsMentioning(marker) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, rowsMentioning(marker), "a confirmed event's row is removed");
    }

    @Test
    void aChangeThatFailsHalfWayStoresNoEvent() throws Exception {
        String failed = UUID.randomUUID().toString();
        try (EventTap tap = EventTap.onTestBroker("call-manager.events")) {
            assertThrows(IllegalStateException.class, () -> outbox.record("call_hangup", c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into outbox (instance_id, type, data) values ('someone', 'probe', ?::jsonb)")) {
                    ps.setString(1, "{\"id\":\"" + failed + "\"}");
                    ps.executeUpdate();
                }
                throw new IllegalStateException("the change failed half-way");
            }));
            assertEquals(0, rowsMentioning(failed), "the half-made change was rolled back with everything in it");
            Thread.sleep(1_500); // longer than the relay's idle poll
            assertTrue(tap.received().stream().noneMatch(b -> b.contains(failed)));
        }
    }
}
