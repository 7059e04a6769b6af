package io.provtest.call.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.engine.CallConfig;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcContext;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
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

    @Inject
    CallConfig config;

    private long rowsMentioning(String marker) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from outbox where data::text like ?")) {
            ps.setString(1, "%" + marker + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aRecordedChangeReachesTheBrokerWithItsRequestIdAndLeavesNoRow() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (EventTap tap = EventTap.onTestBroker("call-manager.events");
             RpcContext.Scope ignored = RpcContext.open("req_outbox_test", null)) {
            Map<String, String> changed = outbox.record("call_hangup",
                    () -> Uni.createFrom().item(Map.of("id", marker)));
            assertNotNull(changed);
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
    void anEventGoesOutWithTheTextStoredAndTheCustomerItNamesAsItsHeader() throws Exception {
        String marker = UUID.randomUUID().toString();
        String customer = UUID.randomUUID().toString();
        try (EventTap tap = EventTap.onTestBroker("call-manager.events")) {
            outbox.record("call_updated", () -> Uni.createFrom().item(Map.of("id", marker, "customer_id", customer)));
            String event = tap.await(b -> b.contains(marker), Duration.ofSeconds(10));
            assertNotNull(event, "the event reached the broker: " + tap.received());
            assertEquals(customer, tap.header(event, "customer_id"), event);
            assertEquals(Json.tree(Map.of("id", marker, "customer_id", customer)),
                    Json.MAPPER.readTree(event).get("data"), event);
            assertTrue(event.contains("\"data\":{\""), "the compact text as written, not re-spaced: " + event);
        }
        try (EventTap tap = EventTap.onTestBroker("call-manager.events")) {
            String other = UUID.randomUUID().toString();
            outbox.record("call_updated", () -> Uni.createFrom().item(Map.of("id", other, "customer_id", 7)));
            String event = tap.await(b -> b.contains(other), Duration.ofSeconds(10));
            assertNotNull(event, "the event reached the broker: " + tap.received());
            assertNull(tap.header(event, "customer_id"), "only text names a customer: " + event);
        }
    }

    @Test
    void aStoredEventNoWriterHandedOverGoesOutWhenTheTableIsNextRead() throws Exception {
        // as a batch whose commit came after its writer had stopped waiting for it: stored, never handed over
        String marker = UUID.randomUUID().toString();
        try (EventTap tap = EventTap.onTestBroker("call-manager.events")) {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("insert into outbox (instance_id, type, request_id, data,"
                         + " tm_create) values (?, 'call_updated', 'req_unhanded', cast(? as json), now())")) {
                ps.setString(1, config.instanceId());
                ps.setString(2, "{\"id\":\"" + marker + "\"}");
                ps.executeUpdate();
            }
            String event = tap.await(b -> b.contains(marker),
                    Duration.ofMillis(Outbox.TABLE_READ_INTERVAL_MS + 5_000));
            assertNotNull(event, "the event reached the broker: " + tap.received());
            assertTrue(event.contains("req_unhanded"), event);
        }
        long deadline = System.currentTimeMillis() + 5_000;
        while (rowsMentioning(marker) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, rowsMentioning(marker), "its row is removed");
    }

    @Test
    void aChangeThatFailsHalfWayStoresNoEvent() throws Exception {
        String failed = UUID.randomUUID().toString();
        try (EventTap tap = EventTap.onTestBroker("call-manager.events")) {
            // the change writes a row, then fails: Db reports it as a typed internal error, and nothing stays
            assertThrows(ServiceException.class, () -> outbox.record("call_hangup", () -> Panache.getSession()
                    .chain(s -> s.createNativeQuery("insert into call_manager.outbox (instance_id, type, data)"
                            + " values ('someone', 'probe', cast(?1 as jsonb))")
                            .setParameter(1, "{\"id\":\"" + failed + "\"}").executeUpdate())
                    .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change failed half-way")))));
            assertEquals(0, rowsMentioning(failed), "the half-made change was rolled back with everything in it");
            Thread.sleep(1_500); // longer than the relay's idle poll
            assertTrue(tap.received().stream().noneMatch(b -> b.contains(failed)));
        }
    }
}
