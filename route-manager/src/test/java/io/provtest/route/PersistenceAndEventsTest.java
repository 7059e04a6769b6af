package io.provtest.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.provtest.common.amqp.Broker;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcContext;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.route.providercall.PendingReconciler;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What route-manager writes through Hibernate Reactive is really in PostgreSQL (read back over plain JDBC, column by
 * column, jsonb types included), and every event it publishes on the real broker carries the request id of the
 * request that caused it: the RPC's, or a probe event's own (a new one when the probe had none).
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class PersistenceAndEventsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RpcClient rpc;

    @Inject
    DataSource dataSource;

    @Inject
    Broker broker;

    @Inject
    PendingReconciler reconciler;

    @Test
    void aProvidersTransitionsArePersistedAndAnnouncedWithTheRequestId() throws Exception {
        try (EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            String id = as("req_create_provider", () -> send("POST", "/v1/providers", Map.of("type", "sip",
                    "hostname", "persisted.example:5060", "tech_headers", Map.of("X-Account", "42"),
                    "codecs", "pcma"))).get("id").asText();
            Map<String, Object> row = providerRow(id);
            assertEquals("persisted.example:5060", row.get("hostname"));
            assertEquals("{\"X-Account\": \"42\"}", row.get("tech_headers"));
            assertEquals("object", row.get("headers_type"));
            assertEquals("PCMA", row.get("codecs"));
            assertEquals("unknown", row.get("health_status"));
            assertNull(row.get("tm_update"));
            assertEvent(tap, "provider_created", id, "req_create_provider");

            markHealthy(id);
            JsonNode moved = as("req_replace_provider", () -> send("PUT", "/v1/providers/" + id, Map.of("type", "sip",
                    "hostname", "moved.example:5060", "tech_headers", Map.of("X-Account", "43"))));
            row = providerRow(id);
            assertEquals("moved.example:5060", row.get("hostname"));
            assertEquals("{\"X-Account\": \"43\"}", row.get("tech_headers"));
            assertEquals("unknown", row.get("health_status"), "a new hostname resets the health");
            assertEquals(0, row.get("health_successes"));
            assertNotNull(row.get("tm_update"));
            assertEquals("unknown", moved.get("health_status").asText());
            assertEvent(tap, "provider_updated", id, "req_replace_provider");

            probed(id, "moved.example:5060", 200, "req_probe_1");
            JsonNode healthChanged = assertEvent(tap, "provider_health_changed", id, "req_probe_1");
            assertEquals("healthy", healthChanged.get("data").get("to").asText());
            // the event is confirmed before the change commits: the row may show it a moment after the event
            long until = System.currentTimeMillis() + 5_000;
            row = providerRow(id);
            while (!"healthy".equals(row.get("health_status")) && System.currentTimeMillis() < until) {
                Thread.sleep(20);
                row = providerRow(id);
            }
            assertEquals("healthy", row.get("health_status"));
            assertEquals(1, row.get("health_successes"));
            assertEquals("200", row.get("health_reason"));
            assertNotNull(row.get("health_checked_at"));

            for (int i = 0; i < 3; i++) {
                probed(id, "moved.example:5060", 503, null);
            }
            JsonNode sick = awaitEvent(tap, "provider_health_changed", id, b -> "unhealthy".equals(
                    b.get("data").get("to").asText()));
            assertTrue(sick.get("request_id").asText().startsWith("req_"),
                    "a probe without a request id gets a new one: " + sick);
            long sickUntil = System.currentTimeMillis() + 5_000;
            while (!"unhealthy".equals(providerRow(id).get("health_status")) && System.currentTimeMillis() < sickUntil) {
                Thread.sleep(20);
            }
            assertEquals("unhealthy", providerRow(id).get("health_status"));

            JsonNode deleted = as("req_delete_provider", () -> send("DELETE", "/v1/providers/" + id, null));
            Object tmDelete = providerRow(id).get("tm_delete");
            assertNotNull(tmDelete);
            assertEvent(tap, "provider_deleted", id, "req_delete_provider");
            JsonNode again = as("req_delete_again", () -> send("DELETE", "/v1/providers/" + id, null));
            assertEquals(deleted.get("tm_delete"), again.get("tm_delete"));
            assertEquals(tmDelete, providerRow(id).get("tm_delete"), "a second delete changes nothing");
            Thread.sleep(300);
            assertTrue(tap.received().stream().noneMatch(b -> b.contains("req_delete_again")),
                    "a second delete announces nothing");
        }
    }

    @Test
    void aRoutesEventsCarryTheRequestId() throws Exception {
        try (EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            String provider = as("req_route_provider", () -> send("POST", "/v1/providers", Map.of("type", "sip",
                    "hostname", "route.example"))).get("id").asText();
            String customer = UUID.randomUUID().toString();
            String id = as("req_create_route", () -> send("POST", "/v1/routes", Map.of("customer_id", customer,
                    "provider_id", provider, "priority", 2, "target", "+44"))).get("id").asText();
            assertEvent(tap, "route_created", id, "req_create_route");
            as("req_update_route", () -> send("PUT", "/v1/routes/" + id, Map.of("customer_id", customer,
                    "provider_id", provider, "priority", 5, "target", "all")));
            assertEvent(tap, "route_updated", id, "req_update_route");
            as("req_delete_route", () -> send("DELETE", "/v1/routes/" + id, null));
            assertEvent(tap, "route_deleted", id, "req_delete_route");
            try (var c = dataSource.getConnection();
                 var ps = c.prepareStatement("select priority, target, tm_update, tm_delete from route where id = ?")) {
                ps.setObject(1, UUID.fromString(id));
                var rs = ps.executeQuery();
                assertTrue(rs.next());
                assertEquals(5, rs.getInt("priority"));
                assertEquals("all", rs.getString("target"));
                assertNotNull(rs.getObject("tm_update"));
                assertNotNull(rs.getObject("tm_delete"));
            }
        }
    }

    @Test
    void aProviderCallsRecordIsPersistedOnceAndAnnouncedWithTheRequestId() throws Exception {
        String callId = UUID.randomUUID().toString();
        String groupcallId = UUID.randomUUID().toString();
        try (EventTap tap = EventTap.onTestBroker("route-manager.events");
             StandInService calls = new StandInService("call-manager", r -> StandInService.ok(Map.of(
                     "calls", List.of(Map.of("id", callId)), "outcomes", List.of(
                             Map.of("index", 0, "destination", Map.of("type", "tel", "target", "+821012345678"),
                                     "call_id", callId),
                             Map.of("index", 1, "destination", Map.of("type", "agent", "target",
                                     UUID.randomUUID().toString()), "groupcall_id", groupcallId)))))) {
            String provider = send("POST", "/v1/providers", Map.of("type", "sip", "hostname", "pc.example"))
                    .get("id").asText();
            String customer = UUID.randomUUID().toString();
            Map<String, Object> command = providerCall(customer, provider, "key-1");
            JsonNode created = as("req_create_pc", () -> send("POST", "/v1/providercalls", command));
            String id = created.get("id").asText();
            assertEquals("created", created.get("status").asText());
            assertEquals(List.of(callId), ids(created.get("call_ids")));
            assertEvent(tap, "providercall_created", id, "req_create_pc");

            try (var c = dataSource.getConnection();
                 var ps = c.prepareStatement("select status, idempotency_key, jsonb_typeof(call_ids) as t,"
                         + " call_ids::text as call_ids, groupcall_ids::text as groupcall_ids,"
                         + " jsonb_array_length(outcomes) as outcomes, destinations->0->>'target' as destination,"
                         + " source->>'target' as source, tm_update from providercall where id = ?")) {
                ps.setObject(1, UUID.fromString(id));
                var rs = ps.executeQuery();
                assertTrue(rs.next());
                assertEquals("created", rs.getString("status"));
                assertEquals("key-1", rs.getString("idempotency_key"));
                assertEquals("array", rs.getString("t"), "call_ids is a jsonb array, not a string");
                assertEquals("[\"" + callId + "\"]", rs.getString("call_ids"));
                assertEquals("[\"" + groupcallId + "\"]", rs.getString("groupcall_ids"));
                assertEquals(2, rs.getInt("outcomes"));
                assertEquals("+821012345678", rs.getString("destination"));
                assertEquals("+14155551234", rs.getString("source"));
                assertNotNull(rs.getObject("tm_update"));
            }

            JsonNode replay = as("req_replay_pc", () -> send("POST", "/v1/providercalls", command));
            assertEquals(id, replay.get("id").asText(), "the same key and body answer the same record");
            assertEquals(1, calls.received().stream().filter(r -> r.uri().equals("/v1/calls")).count(),
                    "a replay places nothing");
            assertEquals(1L, count("select count(*) from providercall where customer_id = '" + customer + "'"));
            Map<String, Object> otherBody = providerCall(customer, provider, "key-1");
            ((Map<String, Object>) otherBody.get("request")).put("anonymous", "yes");
            RpcResponse reused = rpc.call("route-manager", "POST", "/v1/providercalls", otherBody, TIMEOUT);
            assertEquals(422, reused.statusCode());
            assertEquals("IDEMPOTENCY_KEY_REUSED", reused.error().reason());

            JsonNode page = send("GET", "/v1/providercalls?provider_id=" + provider + "&page_size=1", null);
            assertEquals(id, page.get("result").get(0).get("id").asText());

            as("req_delete_pc", () -> send("DELETE", "/v1/providercalls/" + id, null));
            assertEvent(tap, "providercall_deleted", id, "req_delete_pc");
            assertEquals(1L, count("select count(*) from providercall where id = '" + id + "' and tm_delete is not null"));
        }
    }

    @Test
    void aPendingRecordLeftByAStoppedInstanceIsSettledAsFailedKeepingItsCalls() throws Exception {
        UUID id = UUID.randomUUID();
        UUID callId = UUID.randomUUID();
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("insert into providercall (id, customer_id, provider_id, flow_id, destinations,"
                     + " anonymous, call_ids, created_by, status, request_hash, tm_create) values (?, ?, ?, ?,"
                     + " '[{\"type\":\"tel\",\"target\":\"+821012345678\"}]', 'no', ?::jsonb, ?, 'pending', 'h',"
                     + " now() - interval '10 minutes')")) {
            ps.setObject(1, id);
            ps.setObject(2, UUID.randomUUID());
            ps.setObject(3, UUID.randomUUID());
            ps.setObject(4, new UUID(0, 0));
            ps.setString(5, "[\"" + callId + "\"]");
            ps.setObject(6, UUID.randomUUID());
            ps.executeUpdate();
        }
        // call-manager never took its create request
        try (StandInService calls = new StandInService("call-manager", r -> StandInService.error(404, "NOT_FOUND",
                "CREATE_REQUEST_NOT_FOUND", "No create request with this key was taken."))) {
            assertTrue(reconciler.reconcile(Instant.now().minus(Duration.ofMinutes(2))) >= 1);
        }
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("select status, call_ids::text as call_ids, jsonb_typeof(outcomes) as t,"
                     + " outcomes->0->'error'->>'reason' as reason from providercall where id = ?")) {
            ps.setObject(1, id);
            var rs = ps.executeQuery();
            assertTrue(rs.next());
            assertEquals("failed", rs.getString("status"));
            assertEquals("[\"" + callId + "\"]", rs.getString("call_ids"));
            assertEquals("array", rs.getString("t"));
            assertEquals("ORCHESTRATION_INTERRUPTED", rs.getString("reason"));
        }
        assertEquals(0, reconciler.reconcile(Instant.now().minus(Duration.ofMinutes(2))),
                "a settled record is not settled twice");
    }

    private interface Work {
        JsonNode run() throws Exception;
    }

    /** Runs {@code work} as the handling of a request with this id (the RPC client sends it along). */
    private static JsonNode as(String requestId, Work work) throws Exception {
        try (RpcContext.Scope ignored = RpcContext.open(requestId, null)) {
            return work.run();
        }
    }

    private JsonNode send(String method, String uri, Object body) {
        return rpc.call("route-manager", method, uri, body, TIMEOUT).dataOrThrow();
    }

    private static Map<String, Object> providerCall(String customer, String provider, String key) {
        Map<String, Object> request = new HashMap<>(Map.of("provider_id", provider,
                "source", Map.of("type", "tel", "target", "+14155551234"),
                "destinations", List.of(Map.of("type", "tel", "target", "+821012345678"),
                        Map.of("type", "agent", "target", UUID.randomUUID().toString()))));
        return Map.of("customer_id", customer, "created_by", UUID.randomUUID().toString(), "idempotency_key", key,
                "request", request);
    }

    private static List<String> ids(JsonNode array) {
        return JSON.convertValue(array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    /** The event of this type about this record; its request id must be {@code requestId}. */
    private static JsonNode assertEvent(EventTap tap, String type, String id, String requestId) throws Exception {
        JsonNode event = awaitEvent(tap, type, id, e -> requestId.equals(e.path("request_id").asText(null)));
        assertEquals("route-manager", event.get("publisher").asText());
        return event;
    }

    private static JsonNode awaitEvent(EventTap tap, String type, String id,
                                       java.util.function.Predicate<JsonNode> matching) throws Exception {
        String body = tap.await(b -> {
            JsonNode e = parse(b);
            return type.equals(e.path("type").asText()) && b.contains(id) && matching.test(e);
        }, TIMEOUT);
        assertNotNull(body, "no " + type + " event about " + id + " as expected; received: " + tap.received());
        return parse(body);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void probed(String id, String hostname, Integer code, String requestId) throws Exception {
        Map<String, Object> data = new HashMap<>();
        data.put("provider_id", id);
        data.put("hostname", hostname);
        data.put("status_code", code);
        data.put("rtt_ms", 3.5);
        Map<String, Object> envelope = new HashMap<>(Map.of("type", "provider_probed", "publisher", "call-manager",
                "data", data));
        if (requestId != null) {
            envelope.put("request_id", requestId);
        }
        Channel channel = broker.newChannel();
        try {
            channel.exchangeDeclare("call-manager.events", "topic", true);
            // as call-manager sends it: a JSON content type (the channel reads the body as bytes whatever it says)
            channel.basicPublish("call-manager.events", "provider_probed", new AMQP.BasicProperties.Builder()
                    .contentType("application/json").build(), Json.bytes(envelope));
        } finally {
            channel.close();
        }
    }

    private Map<String, Object> providerRow(String id) throws Exception {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("select hostname, tech_headers::text as tech_headers,"
                     + " jsonb_typeof(tech_headers) as headers_type, codecs, health_status, health_reason,"
                     + " health_successes, health_checked_at, tm_update, tm_delete from provider where id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            var rs = ps.executeQuery();
            assertTrue(rs.next(), "provider " + id + " is in the table");
            Map<String, Object> row = new HashMap<>();
            for (String column : List.of("hostname", "tech_headers", "headers_type", "codecs", "health_status",
                    "health_reason", "health_successes", "health_checked_at", "tm_update", "tm_delete")) {
                row.put(column, rs.getObject(column));
            }
            return row;
        }
    }

    private void markHealthy(String id) throws Exception {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("update provider set health_status = 'healthy', health_successes = 4"
                     + " where id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            assertEquals(1, ps.executeUpdate());
        }
    }

    private long count(String sql) throws Exception {
        try (var c = dataSource.getConnection(); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
