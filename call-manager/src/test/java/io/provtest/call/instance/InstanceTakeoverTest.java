package io.provtest.call.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.call.CreateOnce;
import io.provtest.call.engine.CallConfig;
import io.provtest.common.error.ServiceException;
import io.provtest.testing.Await;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The takeover of an instance gone for good, against the real database and broker: a lease that expired (written
 * as a crashed instance leaves it) has its unsent events relayed and its calls and groupcalls ended with a cause by
 * the running instance's own heartbeat; claims are exclusive and a returning instance keeps its row.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class InstanceTakeoverTest {

    @Inject
    DataSource dataSource;

    @Inject
    InstanceLeases leases;

    @Inject
    InstanceLease lease;

    @Inject
    CallConfig config;

    @Inject
    CreateOnce once;

    private void sql(String statement, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        }
    }

    private String text(String query, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void expiredLease(String instance) throws Exception {
        sql("insert into instance_lease (instance_id, started_at, renewed_at, expires_at) values (?, now() - interval"
                + " '1 hour', now() - interval '1 minute', now() - interval '30 seconds')", instance);
    }

    @Test
    void aGoneInstancesEventsAreRelayedAndItsCallsAndGroupcallsEndedWithACause() throws Exception {
        String dead = "cm-gone-" + UUID.randomUUID().toString().substring(0, 8);
        UUID call = UUID.randomUUID();
        UUID groupcall = UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        try (EventTap tap = EventTap.onTestBroker("call-manager.events")) {
            sql("insert into call (id, customer_id, flow_id, activeflow_id, type, master_call_id, groupcall_id,"
                    + " destination, status, direction, dialroute_id, provider_id, owner_instance, tm_create) values"
                    + " (?, ?, ?, ?, 'flow', ?, ?, cast(? as jsonb), 'ringing', 'outgoing', ?, ?, ?, now())", call,
                    UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), new UUID(0, 0), new UUID(0, 0),
                    "{\"type\":\"tel\",\"target\":\"+14155550100\"}", new UUID(0, 0), new UUID(0, 0), dead);
            sql("insert into groupcall (id, customer_id, flow_id, status, destinations, ring_method, answer_method,"
                    + " master_call_id, master_groupcall_id, answer_call_id, answer_groupcall_id, owner_instance,"
                    + " tm_create) values (?, ?, ?, 'progressing', '[]'::jsonb, 'ring_all', 'hangup_others', ?, ?, ?,"
                    + " ?, ?, now())", groupcall, UUID.randomUUID(), new UUID(0, 0), new UUID(0, 0),
                    new UUID(0, 0), new UUID(0, 0), new UUID(0, 0), dead);
            sql("insert into outbox (instance_id, type, data) values (?, 'call_ringing', cast(? as jsonb))", dead,
                    "{\"id\":\"" + call + "\",\"marker\":\"" + marker + "\"}");
            // a create request it was still serving (no answer) and one it had answered
            String unanswered = "test:" + UUID.randomUUID();
            String answered = "test:" + UUID.randomUUID();
            sql("insert into create_request (key, instance_id) values (?, ?)", unanswered, dead);
            sql("insert into create_request (key, instance_id, result) values (?, ?, cast(? as jsonb))", answered, dead,
                    "{\"call_ids\":[]}");
            expiredLease(dead); // last: the running instance's heartbeat takes it over from here on

            Await.until(Duration.ofSeconds(15), "the gone instance's call was ended",
                    () -> "hangup".equals(text("select status from call where id = ?", call)));
            assertEquals("failed", text("select hangup_reason from call where id = ?", call));
            String cause = text("select hangup_cause from call where id = ?", call);
            assertTrue(cause.contains(dead) && cause.contains("lease expired"), cause);
            Await.until(Duration.ofSeconds(15), "the gone instance's groupcall was ended",
                    () -> "hangup".equals(text("select status from groupcall where id = ?", groupcall)));
            assertTrue(text("select hangup_cause from groupcall where id = ?", groupcall).contains(dead));
            Await.until(Duration.ofSeconds(15), "the lease row goes once the takeover is done",
                    () -> text("select instance_id from instance_lease where instance_id = ?", dead) == null);
            assertEquals("0", text("select count(*) from outbox where instance_id = ?", dead));
            // nothing will answer the unanswered one: forgotten, so route-manager reads it as never served
            assertEquals("0", text("select count(*) from create_request where key = ?", unanswered));
            assertEquals("1", text("select count(*) from create_request where key = ?", answered));

            assertRelayedBeforeItsEnd(tap, marker, "call_hangup", call);
        }
    }

    /**
     * An instance taken over while still running (its lease row deleted by the survivor) placed a call, then was
     * killed before its renewal noticed the loss: no lease of it is left to expire, yet the call is ended.
     */
    @Test
    void aLiveCallOfAnInstanceHoldingNoLeaseIsEndedOnceOlderThanTwoTtls() throws Exception {
        String unleased = "cm-unleased-" + UUID.randomUUID().toString().substring(0, 8);
        UUID old = UUID.randomUUID();
        UUID young = UUID.randomUUID();
        liveCall(old, unleased, "1 minute");
        liveCall(young, unleased, "0 seconds");
        try {
            Await.until(Duration.ofSeconds(15),
                    "the call of an instance with no lease was ended by the running instance's heartbeat",
                    () -> "hangup".equals(text("select status from call where id = ?", old)));
            assertEquals("failed", text("select hangup_reason from call where id = ?", old));
            String cause = text("select hangup_cause from call where id = ?", old);
            assertTrue(cause.contains(unleased) && cause.contains("holds no lease"), cause);
            assertEquals("ringing", text("select status from call where id = ?", young),
                    "a call younger than two TTLs may belong to an instance about to take a new lease");
        } finally {
            sql("update call set status = 'hangup' where id = ?", young);
        }
    }

    /**
     * The same instance, taken over while running and killed: a groupcall it created and an event it stored after
     * the takeover read its rows are not left to nobody either. The event goes out before the ends written here.
     */
    @Test
    void theGroupcallsAndStoredEventsOfAnInstanceHoldingNoLeaseAreEndedAndRelayed() throws Exception {
        String unleased = "cm-unleased-" + UUID.randomUUID().toString().substring(0, 8);
        UUID groupcall = UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        try (EventTap tap = EventTap.onTestBroker("call-manager.events")) {
            sql("insert into groupcall (id, customer_id, flow_id, status, destinations, ring_method, answer_method,"
                    + " master_call_id, master_groupcall_id, answer_call_id, answer_groupcall_id, owner_instance,"
                    + " tm_create) values (?, ?, ?, 'progressing', '[]'::jsonb, 'ring_all', 'hangup_others', ?, ?, ?,"
                    + " ?, ?, now() - interval '1 minute')", groupcall, UUID.randomUUID(), new UUID(0, 0),
                    new UUID(0, 0), new UUID(0, 0), new UUID(0, 0), new UUID(0, 0), unleased);
            sql("insert into outbox (instance_id, type, data, tm_create) values (?, 'call_ringing', cast(? as jsonb),"
                    + " now() - interval '1 minute')", unleased, "{\"marker\":\"" + marker + "\"}");

            Await.until(Duration.ofSeconds(15),
                    "the groupcall of an instance with no lease was ended by the running instance's heartbeat",
                    () -> "hangup".equals(text("select status from groupcall where id = ?", groupcall)));
            String cause = text("select hangup_cause from groupcall where id = ?", groupcall);
            assertTrue(cause.contains(unleased) && cause.contains("holds no lease"), cause);
            Await.until(Duration.ofSeconds(15), "the events it stored were relayed",
                    () -> "0".equals(text("select count(*) from outbox where instance_id = ?", unleased)));
            assertRelayedBeforeItsEnd(tap, marker, "groupcall_hangup", groupcall);
        }
    }

    private void liveCall(UUID id, String owner, String age) throws Exception {
        sql("insert into call (id, customer_id, flow_id, activeflow_id, type, master_call_id, groupcall_id,"
                + " destination, status, direction, dialroute_id, provider_id, owner_instance, tm_create) values"
                + " (?, ?, ?, ?, 'flow', ?, ?, cast(? as jsonb), 'ringing', 'outgoing', ?, ?, ?, now() - cast(? as"
                + " interval))", id, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), new UUID(0, 0),
                new UUID(0, 0), "{\"type\":\"tel\",\"target\":\"+14155550100\"}", new UUID(0, 0), new UUID(0, 0),
                owner, age);
    }

    @Test
    void anInstanceBackUnderItsNameGivesBackTheRequestsItsEarlierRunLeftUnanswered() throws Exception {
        String me = config.instanceId();
        String unanswered = "providercall:" + UUID.randomUUID();
        String halfPlaced = "providercall:" + UUID.randomUUID();
        String answered = "providercall:" + UUID.randomUUID();
        String others = "providercall:" + UUID.randomUUID();
        String placedCall = UUID.randomUUID().toString();
        sql("insert into create_request (key, instance_id) values (?, ?)", "key:/v1/calls:" + unanswered, me);
        // killed after placing a call and before storing the answer: what CreateOnce#placing leaves
        sql("insert into create_request (key, instance_id, result) values (?, ?, cast(? as jsonb))",
                "key:/v1/calls:" + halfPlaced, me, "{\"placing\":true,\"calls\":[{\"id\":\"" + placedCall
                        + "\"}],\"groupcalls\":[],\"outcomes\":[{\"index\":0,\"call_id\":\"" + placedCall
                        + "\"}]}");
        sql("insert into create_request (key, instance_id, result) values (?, ?, cast(? as jsonb))",
                "key:/v1/calls:" + answered, me, "{\"calls\":[]}");
        sql("insert into create_request (key, instance_id) values (?, ?)", "key:/v1/calls:" + others,
                "vm-still-placing");
        assertEquals("serving", once.status("/v1/calls", halfPlaced).get("status"),
                "calls placed so far: still being served");

        lease.forgetEarlierRun();

        assertThrows(ServiceException.class, () -> once.status("/v1/calls", unanswered),
                "placed nothing: read as never served, instead of \"serving\" for ever");
        Map<String, Object> given = once.status("/v1/calls", halfPlaced);
        assertEquals("served", given.get("status"), "answered with the calls it had placed");
        JsonNode result = (JsonNode) given.get("result");
        assertEquals(placedCall, result.path("calls").path(0).path("id").asText(), result.toString());
        assertFalse(result.has("placing"), result.toString());
        assertEquals("served", once.status("/v1/calls", answered).get("status"));
        assertEquals("serving", once.status("/v1/calls", others).get("status"), "another instance's is kept");
    }

    @Test
    void twoSurvivorsNeverBothClaimOneLease() throws Exception {
        for (int round = 0; round < 5; round++) {
            String dead = "cm-raced-" + UUID.randomUUID().toString().substring(0, 8);
            expiredLease(dead);
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                List<Future<List<String>>> claims = new ArrayList<>();
                for (String survivor : List.of("survivor-a", "survivor-b")) {
                    claims.add(two.submit(() -> leases.claimExpired(survivor, Duration.ofMinutes(1))));
                }
                int winners = 0;
                for (Future<List<String>> claim : claims) {
                    winners += claim.get().contains(dead) ? 1 : 0;
                }
                assertTrue(winners <= 1, "one claim at most for " + dead);
                String holder = text("select claimed_by from instance_lease where instance_id = ?", dead);
                // the running instance's own heartbeat may have won (and then finished and removed the row)
                assertTrue(holder == null || List.of("survivor-a", "survivor-b").contains(holder) || winners == 0,
                        "claimed by " + holder);
                assertFalse(leases.claimExpired("survivor-c", Duration.ofMinutes(1)).contains(dead),
                        "a live claim is not taken again");
            } finally {
                two.shutdownNow();
                sql("delete from instance_lease where instance_id = ?", dead);
            }
        }
    }

    @Test
    void anInstanceBackUnderItsNameKeepsItsLeaseFromTheSurvivorThatClaimedIt() throws Exception {
        String back = "cm-back-" + UUID.randomUUID().toString().substring(0, 8);
        sql("insert into instance_lease (instance_id, started_at, renewed_at, expires_at, claimed_by,"
                + " claim_expires_at) values (?, now(), now(), now() - interval '1 second', 'survivor-x', now() +"
                + " interval '1 hour')", back);
        assertFalse(leases.renew(back, Duration.ofMinutes(1)), "a claimed lease is lost to its holder");
        leases.register(back, Duration.ofMinutes(1));
        leases.release(back, "survivor-x");
        assertEquals(back, text("select instance_id from instance_lease where instance_id = ?", back),
                "the survivor's release does not remove the returned instance's lease");
        assertTrue(leases.renew(back, Duration.ofMinutes(1)));
        sql("delete from instance_lease where instance_id = ?", back);
    }

    /**
     * The lost instance's own stored event (found by {@code marker}) reached the broker, the end another instance
     * wrote ({@code endType} of {@code id}) too, and in that order.
     */
    private static void assertRelayedBeforeItsEnd(EventTap tap, String marker, String endType, Object id)
            throws InterruptedException {
        String relayed = tap.await(b -> b.contains(marker), Duration.ofSeconds(10));
        assertNotNull(relayed, "the lost instance's stored event reached the broker: " + tap.received());
        String ended = tap.await(b -> b.contains("\"" + endType + "\"") && b.contains(id.toString()),
                Duration.ofSeconds(10));
        assertNotNull(ended, endType + " of " + id + " was published: " + tap.received());
        List<String> received = tap.received();
        assertTrue(received.indexOf(relayed) < received.indexOf(ended),
                "the lost instance's own event goes out before the end another instance wrote: " + received);
    }
}
