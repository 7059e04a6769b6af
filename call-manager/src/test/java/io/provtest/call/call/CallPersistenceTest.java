package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.db.Db;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcContext;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sipp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A real call to a SIPp carrier that rings, answers and hangs up: its transitions are made on the SIP stack's and
 * engine's threads (not Vert.x ones) through the reactive persistence, and must be in the database as columns, and
 * on the broker as outbox-relayed events carrying the request id of the request that created the call.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class CallPersistenceTest {

    @Inject
    CallService calls;

    @Inject
    CallRepository repository;

    @Inject
    DataSource dataSource;

    @Test
    void transitionsMadeOnTheSipThreadsArePersistedAndRelayedWithTheRequestId() throws Exception {
        String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_answer_bye.xml"), 1, "-d", "300");
             EventTap tap = EventTap.onTestBroker("call-manager.events")) {
            Address destination = new Address("sip", "+821012345678@" + carrier.hostPort(), "", "", "");
            CallService.CreateCallsRequest request = new CallService.CreateCallsRequest(UUID.randomUUID(), Ids.NIL,
                    null, List.of(destination), "no", new CallMetadata(List.of(), null, true, null, null), Ids.NIL);
            Call created;
            try (RpcContext.Scope ignored = RpcContext.open(requestId, null)) {
                created = calls.createCall(request, destination, Ids.NIL);
            }
            String id = created.id().toString();

            Map<String, Object> row = awaitHangup(created.id(), Duration.ofSeconds(20));
            assertEquals("hangup", row.get("status"), row.toString());
            assertEquals("normal", row.get("hangup_reason"), row.toString());
            assertEquals("remote", row.get("hangup_by"), row.toString());
            assertEquals(200, row.get("sip_status_code"), row.toString());
            assertNotNull(row.get("tm_ringing"), row.toString());
            assertNotNull(row.get("tm_progressing"), row.toString());
            assertNotNull(row.get("tm_hangup"), row.toString());
            assertTrue(((String) row.get("sip_call_id")).length() > 0, row.toString());
            assertTrue(String.valueOf(row.get("rtp_stats")).startsWith("{"), "rtp_debug keeps RTP counters: " + row);

            for (String type : List.of("call_ringing", "call_progressing", "call_hangup")) {
                String event = tap.await(b -> b.contains("\"type\":\"" + type + "\"") && b.contains(id),
                        Duration.ofSeconds(10));
                assertNotNull(event, type + " relayed: " + tap.received());
                assertTrue(event.contains("\"request_id\":\"" + requestId + "\""), event);
                assertEquals(created.customerId().toString(), tap.header(event, "customer_id"),
                        "the customer the call belongs to goes out as the routing header: " + event);
                assertEquals(created.customerId().toString(),
                        Json.MAPPER.readTree(event).path("data").path("customer_id").asText(), event);
            }
        }
    }

    @Test
    void aCallReadForAnAnswerIsLoadedReadOnlyWithItsStoredValues() throws Exception {
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_answer_bye.xml"), 1, "-d", "300")) {
            UUID id = TestCalls.placeTo(calls, carrier);
            assertEquals("hangup", awaitHangup(id, Duration.ofSeconds(20)).get("status"));

            // no dirty-checking snapshot: Hibernate keeps one only for rows it may have to write back. The row get()
            // loaded is the session's own instance, which findById hands back from the session
            Boolean readOnly = Db.read(() -> repository.getSession().chain(s -> repository.get(id)
                    .chain(answered -> repository.findById(id)).map(s::isReadOnly)));
            assertTrue(readOnly, "a call loaded to be answered is read-only in its session");
            Call read = calls.get(id);
            assertEquals(CallStatus.HANGUP, read.status());
            assertEquals("+821012345678@" + carrier.hostPort(), read.destination().target());
            assertEquals(Integer.valueOf(200), read.sipStatusCode());
            assertEquals(Map.of("rtp_debug", false), read.metadata(), "jsonb attributes read: " + read);
        }
    }

    private Map<String, Object> awaitHangup(UUID id, Duration timeout) throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        Map<String, Object> row = Map.of();
        while (System.currentTimeMillis() < deadline) {
            row = read(id);
            if ("hangup".equals(row.get("status"))) {
                return row;
            }
            Thread.sleep(100);
        }
        return row;
    }

    private Map<String, Object> read(UUID id) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select status, hangup_reason, hangup_by, sip_status_code,"
                     + " sip_call_id, rtp_stats::text as rtp_stats, tm_ringing, tm_progressing, tm_hangup from call"
                     + " where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, Object> row = new HashMap<>();
                if (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                    }
                }
                return row;
            }
        }
    }
}
