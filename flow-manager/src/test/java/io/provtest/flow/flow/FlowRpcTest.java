package io.provtest.flow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcContext;
import io.provtest.flow.activeflow.StartedActiveflows;
import io.provtest.testing.Sql;
import io.provtest.testing.EventTap;

import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Flows and activeflows through flow-manager's real queue and database. */
@QuarkusTest
@WithTestResource(InfraResource.class)
class FlowRpcTest {

    @Inject
    RpcClient rpc;

    @Inject
    DataSource dataSource;

    @Inject
    FlowService flows;

    @Inject
    StartedActiveflows started;

    private RpcResponse send(String method, String uri, Object body) {
        return rpc.call("flow-manager", method, uri, body, Duration.ofSeconds(5));
    }

    private String create(boolean persist, List<Object> actions) {
        return send("POST", "/v1/flows", Map.of("customer_id", UUID.randomUUID().toString(), "persist", persist,
                "actions", actions)).dataOrThrow().get("id").asText();
    }

    @Test
    void deletingATemporaryFlowRemovesItsRow() throws Exception {
        String id = create(false, List.of(Map.of("type", "answer")));
        assertEquals(1, rows(id));
        send("DELETE", "/v1/flows/" + id, null).dataOrThrow();
        assertEquals(0, rows(id), "a temporary flow is really gone, not soft-deleted");
    }

    @Test
    void anUnknownActionTypeIs400NamingTypeAndIndexAndStoresNothing() throws Exception {
        long before = count();
        RpcResponse response = send("POST", "/v1/flows", Map.of("customer_id", UUID.randomUUID().toString(),
                "actions", List.of(Map.of("type", "answer"), Map.of("type", "dance"))));
        assertEquals(400, response.statusCode());
        assertEquals("INVALID_ACTION_TYPE", response.error().reason());
        assertEquals(true, response.error().message().contains("actions[1]") && response.error().message().contains("dance"));
        assertEquals(before, count());
    }

    @Test
    void aPlayUrlToARefusedAddressIs400DestinationNotAllowedAndStoresNothing() throws Exception {
        long before = count();
        for (String url : List.of("http://10.0.0.1/a.wav", "http://127.0.0.2:8080/a.wav", "http://[::1]/a.wav",
                "http://169.254.169.254/latest/meta-data/")) {
            RpcResponse response = send("POST", "/v1/flows", Map.of("customer_id", UUID.randomUUID().toString(),
                    "actions", List.of(Map.of("type", "play", "option", Map.of("stream_urls", List.of(url))))));
            assertEquals(400, response.statusCode(), url);
            assertEquals("DESTINATION_NOT_ALLOWED", response.error().reason(), url);
            assertEquals("actions[0].option.stream_urls[0]", response.error().details().get(0).field());
        }
        assertEquals(before, count());
        // the test configuration allows 127.0.0.1 (PLAY_ALLOWED_HOSTS), as the suite's local HTTP servers need
        create(false, List.of(Map.of("type", "play", "option", Map.of("stream_urls",
                List.of("http://127.0.0.1:8080/a.wav")))));
    }

    @Test
    void expiredTemporaryFlowsArePurgedAndNothingElse() throws Exception {
        String id = create(false, List.of(Map.of("type", "answer")));
        String live = create(false, List.of(Map.of("type", "answer")));
        String persisted = create(true, List.of(Map.of("type", "answer")));
        for (String expired : List.of(id, persisted)) {
            try (var c = dataSource.getConnection();
                 var ps = c.prepareStatement("update flow set tm_expire = now() - interval '1 second' where id = ?")) {
                ps.setObject(1, UUID.fromString(expired));
                ps.executeUpdate();
            }
        }
        assertTrue(flows.purgeExpired() >= 1, "the expired temporary flow is counted");
        assertEquals(0, rows(id));
        assertEquals(1, rows(live), "a temporary flow within its lifetime stays");
        assertEquals(1, rows(persisted), "a persisted flow is never purged, whatever its tm_expire");
    }

    @Test
    void anActiveflowWalksTheActionsThenFinishes() {
        String flow = create(true, List.of(Map.of("type", "answer"), Map.of("type", "sleep",
                "option", Map.of("duration", 10)), Map.of("type", "hangup")));
        String activeflow = send("POST", "/v1/activeflows", Map.of("flow_id", flow, "reference_id",
                UUID.randomUUID().toString())).dataOrThrow().get("id").asText();
        String current = null;
        for (String expected : new String[] {"answer", "sleep", "hangup"}) {
            java.util.HashMap<String, Object> body = new java.util.HashMap<>();
            body.put("current_action_id", current);
            var next = send("POST", "/v1/activeflows/" + activeflow + "/next", body).dataOrThrow();
            assertEquals(expected, next.get("action").get("type").asText());
            current = next.get("action").get("id").asText();
        }
        java.util.HashMap<String, Object> body = new java.util.HashMap<>();
        body.put("current_action_id", current);
        assertEquals(true, send("POST", "/v1/activeflows/" + activeflow + "/next", body).dataOrThrow()
                .get("finished").asBoolean());
        // the flow can go away without touching the running copy
        send("DELETE", "/v1/flows/" + flow, null).dataOrThrow();
        assertEquals("ended", send("GET", "/v1/activeflows/" + activeflow, null).dataOrThrow().get("status").asText());
    }

    @Test
    void aFlowsEventsAreConfirmedOnItsExchangeWithTheRequestIdOfTheRequest() throws Exception {
        try (EventTap tap = EventTap.onTestBroker("flow-manager.events")) {
            String requestId = "req_flowevents" + System.nanoTime();
            String id;
            try (RpcContext.Scope ignored = RpcContext.open(requestId, null)) {
                id = create(true, List.of(Map.of("type", "answer")));
                send("DELETE", "/v1/flows/" + id, null).dataOrThrow();
            }
            for (String type : new String[] {"flow_created", "flow_deleted"}) {
                String body = tap.await(b -> b.contains("\"" + type + "\"") && b.contains(id), Duration.ofSeconds(5));
                assertNotNull(body, type + " reached the exchange");
                JsonNode event = Json.MAPPER.readTree(body);
                assertEquals(type, event.get("type").asText());
                assertEquals("flow-manager", event.get("publisher").asText());
                assertEquals(requestId, event.get("request_id").asText(), "the request's id travels into the event");
                assertEquals(id, event.get("data").get("id").asText());
            }
            String deleted = tap.await(b -> b.contains("flow_deleted") && b.contains(id), Duration.ofSeconds(1));
            assertNotNull(Json.MAPPER.readTree(deleted).get("data").get("tm_delete").asText(null),
                    "the deleted event carries the row as committed (tm_delete set)");
        }
    }

    /**
     * An activeflow's events are built from the move itself, not read back (a statement fewer per step): each one
     * must still be the row as committed, cursor, status and times included.
     */
    @Test
    void anActiveflowsEventsCarryTheRowAsCommittedAtEachStep() throws Exception {
        try (EventTap tap = EventTap.onTestBroker("flow-manager.events")) {
            String flow = create(true, List.of(Map.of("type", "answer"), Map.of("type", "hangup")));
            String activeflow = send("POST", "/v1/activeflows", Map.of("flow_id", flow, "reference_id",
                    UUID.randomUUID().toString())).dataOrThrow().get("id").asText();
            java.util.HashMap<String, Object> body = new java.util.HashMap<>();
            body.put("current_action_id", null);
            String first = send("POST", "/v1/activeflows/" + activeflow + "/next", body).dataOrThrow()
                    .get("action").get("id").asText();
            JsonNode row = send("GET", "/v1/activeflows/" + activeflow, null).dataOrThrow();
            JsonNode updated = eventData(tap, "activeflow_updated", activeflow);
            assertEquals(first, updated.get("current_action_id").asText());
            assertEquals(row, updated, "activeflow_updated is the row as committed");

            send("POST", "/v1/activeflows/" + activeflow + "/stop", null).dataOrThrow();
            JsonNode ended = send("GET", "/v1/activeflows/" + activeflow, null).dataOrThrow();
            assertEquals("ended", ended.get("status").asText());
            assertNotNull(ended.get("tm_delete").asText(null));
            assertEquals(ended, eventData(tap, "activeflow_deleted", activeflow),
                    "activeflow_deleted is the row as committed (ended, tm_delete set)");
        }
    }

    /**
     * A step of an activeflow this instance started is not read back first (StartedActiveflows): one that another
     * instance ended meanwhile (its stop came first) must still answer finished, announce nothing and stay as it was.
     */
    @Test
    void aStepOfAnActiveflowEndedElsewhereFinishesAndChangesNothing() throws Exception {
        String flow = create(true, List.of(Map.of("type", "answer"), Map.of("type", "hangup")));
        String activeflow = send("POST", "/v1/activeflows", Map.of("flow_id", flow, "reference_id",
                UUID.randomUUID().toString())).dataOrThrow().get("id").asText();
        UUID id = UUID.fromString(activeflow);
        assertNotNull(started.get(id), "the activeflow this instance started is known without reading it");
        Sql.execute(dataSource, "update activeflow set status = 'ended', tm_delete = now() where id = '" + id + "'");
        assertEquals(1, Sql.count(dataSource, "select count(*) from activeflow where id = ? and status = 'ended'", id),
                "ended by another instance");
        java.util.HashMap<String, Object> body = new java.util.HashMap<>();
        body.put("current_action_id", null);
        try (EventTap tap = EventTap.onTestBroker("flow-manager.events")) {
            assertEquals(true, send("POST", "/v1/activeflows/" + activeflow + "/next", body).dataOrThrow()
                    .get("finished").asBoolean());
            assertNull(tap.await(b -> b.contains(activeflow), Duration.ofSeconds(1)), "nothing is announced");
        }
        JsonNode row = send("GET", "/v1/activeflows/" + activeflow, null).dataOrThrow();
        assertEquals("ended", row.get("status").asText());
        assertTrue(row.get("current_action_id").isNull(), "the cursor did not move: " + row);
        assertNull(started.get(id), "an ended activeflow is forgotten");
    }

    /**
     * A temporary flow under its caller's id is inserted without a read first: the same request again fails on the
     * key, rolls back and answers the flow made the first time, announced once.
     */
    @Test
    void aRepeatedTemporaryFlowUnderItsCallersIdIsAnsweredAsMadeAndAnnouncedOnce() throws Exception {
        String chosen = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("id", chosen, "customer_id", UUID.randomUUID().toString(), "name", "temp",
                "persist", false, "actions", List.of(Map.of("type", "answer")));
        // Hibernate's own WARN of the SQL error (HHH000247) is switched off in common-model: Db types the violation
        List<LogRecord> warned = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warned.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger sqlErrors = Logger.getLogger("org.hibernate.orm.jdbc.error");
        sqlErrors.addHandler(handler);
        try (EventTap tap = EventTap.onTestBroker("flow-manager.events")) {
            JsonNode first = send("POST", "/v1/flows", body).dataOrThrow();
            JsonNode again = send("POST", "/v1/flows", body).dataOrThrow();
            assertEquals(chosen, first.get("id").asText());
            assertEquals(first, again, "the repeat answers the flow as made");
            assertEquals(List.of(), warned.stream().map(LogRecord::getMessage).toList(),
                    "an expected repeat logs no warning");
            assertEquals(1, rows(chosen));
            assertNotNull(tap.await(b -> b.contains("flow_created") && b.contains(chosen), Duration.ofSeconds(5)));
            Thread.sleep(1_000);
            assertEquals(1, tap.received().stream().filter(b -> b.contains("flow_created") && b.contains(chosen))
                    .count(), "announced once");
        } finally {
            sqlErrors.removeHandler(handler);
        }
    }

    /**
     * Nothing of a flow runs after a hangup: the step that hands it out ends the activeflow (cursor at the hangup,
     * activeflow_deleted with the row as committed, "ended" in the answer), and a stop after it changes nothing and
     * announces nothing.
     */
    @Test
    void theStepHandingOutAHangupEndsTheActiveflow() throws Exception {
        String flow = create(true, List.of(Map.of("type", "answer"), Map.of("type", "hangup", "option",
                Map.of("reason", "busy")), Map.of("type", "talk", "option", Map.of("text", "never said"))));
        String activeflow = send("POST", "/v1/activeflows", Map.of("flow_id", flow, "reference_id",
                UUID.randomUUID().toString())).dataOrThrow().get("id").asText();
        java.util.HashMap<String, Object> body = new java.util.HashMap<>();
        body.put("current_action_id", null);
        JsonNode first = send("POST", "/v1/activeflows/" + activeflow + "/next", body).dataOrThrow();
        assertFalse(first.path("ended").asBoolean(), "an answer leaves it running: " + first);
        body.put("current_action_id", first.get("action").get("id").asText());
        try (EventTap tap = EventTap.onTestBroker("flow-manager.events")) {
            JsonNode hangup = send("POST", "/v1/activeflows/" + activeflow + "/next", body).dataOrThrow();
            assertEquals("hangup", hangup.get("action").get("type").asText());
            assertTrue(hangup.get("ended").asBoolean(), "ended with the hangup: " + hangup);
            JsonNode row = send("GET", "/v1/activeflows/" + activeflow, null).dataOrThrow();
            assertEquals("ended", row.get("status").asText());
            assertEquals(hangup.get("action").get("id").asText(), row.get("current_action_id").asText());
            assertNotNull(row.get("tm_delete").asText(null));
            assertEquals(row, eventData(tap, "activeflow_deleted", activeflow), "the row as committed");
            assertNull(started.get(UUID.fromString(activeflow)), "an ended activeflow is forgotten");

            // its answer lost, the same question again: the same hangup (its reason with it), nothing moved
            JsonNode again = send("POST", "/v1/activeflows/" + activeflow + "/next", body).dataOrThrow();
            assertEquals(hangup.get("action"), again.get("action"), "the same hangup: " + again);
            assertTrue(again.get("ended").asBoolean());
            assertEquals(row, send("GET", "/v1/activeflows/" + activeflow, null).dataOrThrow(), "nothing changed");

            assertEquals(row, send("POST", "/v1/activeflows/" + activeflow + "/stop", null).dataOrThrow(),
                    "a stop after it answers the ended row");
            Thread.sleep(1_000);
            assertEquals(1, tap.received().stream().filter(b -> b.contains(activeflow)).count(),
                    "one event in all: " + tap.received());
        }
    }

    /**
     * A stop of an activeflow this instance knows is one update that answers the cursor (nothing read first): when
     * another instance moved the cursor meanwhile, activeflow_deleted still carries the row as committed; a second
     * stop answers the ended row and announces nothing.
     */
    @Test
    void aStopOfAKnownActiveflowAnnouncesTheCursorAsCommittedOnce() throws Exception {
        String flow = create(true, List.of(Map.of("type", "answer"), Map.of("type", "hangup")));
        JsonNode created = send("POST", "/v1/activeflows", Map.of("flow_id", flow, "reference_id",
                UUID.randomUUID().toString())).dataOrThrow();
        String activeflow = created.get("id").asText();
        UUID id = UUID.fromString(activeflow);
        String hangup = created.get("actions").get(1).get("id").asText();
        assertNotNull(started.get(id), "started here: known");
        Sql.execute(dataSource, "update activeflow set current_action_id = '" + hangup + "' where id = '" + id + "'");
        try (EventTap tap = EventTap.onTestBroker("flow-manager.events")) {
            JsonNode answer = send("POST", "/v1/activeflows/" + activeflow + "/stop", null).dataOrThrow();
            JsonNode row = send("GET", "/v1/activeflows/" + activeflow, null).dataOrThrow();
            assertEquals("ended", row.get("status").asText());
            assertEquals(hangup, row.get("current_action_id").asText(), "the cursor another instance moved");
            assertEquals(row, answer, "the answer is the row as committed");
            assertEquals(row, eventData(tap, "activeflow_deleted", activeflow), "so is the event");
            assertNull(started.get(id), "a stopped activeflow is forgotten");

            assertEquals(row, send("POST", "/v1/activeflows/" + activeflow + "/stop", null).dataOrThrow(),
                    "a second stop answers the ended row");
            Thread.sleep(1_000);
            assertEquals(1, tap.received().stream().filter(b -> b.contains("activeflow_deleted")
                    && b.contains(activeflow)).count(), "announced once");
        }
    }

    /**
     * An activeflow started by another instance (not known here) is read once at its first step here, and its
     * steps from then on are announced with the row as committed, as for one started here.
     */
    @Test
    void anActiveflowStartedElsewhereIsReadOnceAndItsStepsAreTheRowsAsCommitted() throws Exception {
        String flow = create(true, List.of(Map.of("type", "answer"), Map.of("type", "talk", "option",
                Map.of("text", "hello")), Map.of("type", "hangup")));
        String activeflow = send("POST", "/v1/activeflows", Map.of("flow_id", flow, "reference_id",
                UUID.randomUUID().toString())).dataOrThrow().get("id").asText();
        UUID id = UUID.fromString(activeflow);
        started.forget(id); // as if another instance had started it
        String current = null;
        try (EventTap tap = EventTap.onTestBroker("flow-manager.events")) {
            for (String expected : new String[] {"answer", "talk"}) {
                java.util.HashMap<String, Object> body = new java.util.HashMap<>();
                body.put("current_action_id", current);
                JsonNode next = send("POST", "/v1/activeflows/" + activeflow + "/next", body).dataOrThrow();
                assertEquals(expected, next.get("action").get("type").asText());
                current = next.get("action").get("id").asText();
                assertNotNull(started.get(id), "known after its first step here");
                JsonNode row = send("GET", "/v1/activeflows/" + activeflow, null).dataOrThrow();
                String at = current;
                String event = tap.await(b -> b.contains("activeflow_updated") && b.contains(activeflow)
                        && b.contains("\"current_action_id\":\"" + at + "\""), Duration.ofSeconds(5));
                assertNotNull(event, "activeflow_updated at " + expected);
                assertEquals(row, Json.MAPPER.readTree(event).get("data"), "the row as committed at " + expected);
            }
        }
        send("POST", "/v1/activeflows/" + activeflow + "/stop", null).dataOrThrow();
        assertNull(started.get(id), "a stopped activeflow is forgotten");
    }

    @Test
    void anActiveflowOfADeletedOrUnknownFlowIs404FlowNotFoundAndStoresNothing() throws Exception {
        String flow = create(true, List.of(Map.of("type", "answer")));
        send("DELETE", "/v1/flows/" + flow, null).dataOrThrow();
        String call = UUID.randomUUID().toString();
        for (String id : new String[] {flow, UUID.randomUUID().toString()}) {
            var refused = send("POST", "/v1/activeflows", Map.of("flow_id", id, "reference_id", call));
            assertEquals("FLOW_NOT_FOUND", refused.error().reason(), String.valueOf(refused));
            assertEquals(404, refused.statusCode());
        }
        assertEquals(0, Sql.count(dataSource, "select count(*) from activeflow where reference_id = ?",
                UUID.fromString(call)));
    }

    @Test
    void aCustomersPersistedFlowsStopAtTheLimitWhileTemporaryOnesAndFreedSlotsGoOn() throws Exception {
        // the test profile's limit is 3 (application.properties)
        String customer = UUID.randomUUID().toString();
        List<Object> actions = List.of(Map.of("type", "answer"));
        List<String> made = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(send("POST", "/v1/flows", Map.of("customer_id", customer, "actions", actions))
                    .dataOrThrow().get("id").asText());
        }
        var refused = send("POST", "/v1/flows", Map.of("customer_id", customer, "actions", actions));
        assertEquals("FLOW_LIMIT_REACHED", refused.error().reason(), String.valueOf(refused));
        assertEquals(429, refused.statusCode());
        assertEquals(3, Sql.count(dataSource, "select count(*) from flow where customer_id = ?",
                UUID.fromString(customer)), "the refused flow was not stored");
        JsonNode temporary = send("POST", "/v1/flows", Map.of("customer_id", customer, "persist", false,
                "actions", actions)).dataOrThrow();
        assertFalse(temporary.get("persist").asBoolean(), "temporary flows are not counted");
        assertFalse(temporary.path("tm_expire").isNull(), "a temporary flow is stored with its expiry");
        send("DELETE", "/v1/flows/" + made.get(0), null).dataOrThrow();
        send("POST", "/v1/flows", Map.of("customer_id", customer, "actions", actions)).dataOrThrow();
    }

    private static JsonNode eventData(EventTap tap, String type, String id) throws Exception {
        String body = tap.await(b -> b.contains("\"" + type + "\"") && b.contains(id), Duration.ofSeconds(5));
        assertNotNull(body, type + " reached the exchange");
        return Json.MAPPER.readTree(body).get("data");
    }

    private long rows(String id) throws Exception {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement("select count(*) from flow where id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long count() throws Exception {
        try (var c = dataSource.getConnection(); var rs = c.createStatement().executeQuery("select count(*) from flow")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
