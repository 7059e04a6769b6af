package io.provtest.e2e;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.testing.EventTap;
import io.provtest.testing.Sipp;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Groupcalls through the gateway against several SIPp carriers on loopback ports. */
class GroupcallsEndToEndTest {

    private static final Path SCENARIOS = Path.of("src/test/resources/sipp");
    private static final String NIL = "00000000-0000-0000-0000-000000000000";
    private static String admin;

    @BeforeAll
    static void login() {
        admin = Calls.admin();
        // a customer's calls to tel destinations go out from a number it owns (the pre-flight's source rule)
        int status = Api.as(admin).body(Map.of("number", "+14155551234")).post("/v1.0/numbers").statusCode();
        assertTrue(status == 200 || status == 409, "registered (or already, by this suite): " + status);
    }

    private static Map<String, Object> sip(Sipp carrier, String user) {
        return Map.of("type", "sip", "target", user + "@" + carrier.hostPort());
    }

    private static Map<String, Object> body(String ringMethod, List<Map<String, Object>> destinations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", Map.of("type", "tel", "target", "+14155551234"));
        body.put("destinations", destinations);
        body.put("ring_method", ringMethod);
        body.put("answer_method", "hangup_others");
        return body;
    }

    private static Response create(Map<String, Object> body) {
        return Api.as(admin).body(body).post("/v1.0/groupcalls");
    }

    static JsonNode groupcall(String id) throws Exception {
        return Calls.read("/v1.0/groupcalls/" + id);
    }

    static JsonNode awaitGroupcall(String id, String status, int seconds) throws Exception {
        return Calls.awaitStatus("/v1.0/groupcalls/" + id, status, seconds);
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static String agent(List<Map<String, Object>> addresses, String ringMethod) {
        return Api.as(admin).body(Map.of("customer_id", Calls.customerId(), "username", "agent-" + UUID.randomUUID(),
                "password", "agent-pass-1", "permission", 0x10, "addresses", addresses, "ring_method", ringMethod))
                .post("/v1.0/agents").then().statusCode(200).extract().path("id");
    }

    private static long count(EventTap tap, String type, String id) {
        return tap.received().stream().filter(b -> b.contains("\"" + type + "\"") && b.contains(id)).count();
    }

    @Test
    void ringAllFirstAnswerWinsAndTheOtherLegsAreCancelled() throws Exception {
        try (Sipp ringing1 = Sipp.uas(SCENARIOS.resolve("uas_ring_until_cancel.xml"), 1);
             Sipp answering = Sipp.uas(SCENARIOS.resolve("uas_ring_then_answer_bye.xml"), 1, "-d", "500");
             Sipp ringing2 = Sipp.uas(SCENARIOS.resolve("uas_ring_until_cancel.xml"), 1);
             EventTap tap = Calls.tap("call-manager.events")) {
            Response created = create(body("ring_all", List.of(sip(ringing1, "a"), sip(answering, "b"),
                    sip(ringing2, "c"))));
            created.then().statusCode(200).body("status", equalTo("progressing")).body("call_ids", hasSize(3))
                    .body("ring_method", equalTo("ring_all")).body("answer_call_id", equalTo(NIL));
            String id = created.path("id");
            List<String> legs = created.path("call_ids");

            JsonNode done = awaitGroupcall(id, "hangup", 20);
            assertEquals(legs.get(1), done.get("answer_call_id").asText(), done.toString());
            assertEquals(0, done.get("call_count").asInt());
            JsonNode winner = Calls.await(legs.get(1), "hangup", 5);
            assertEquals("normal", winner.get("hangup_reason").asText());
            assertFalse(winner.get("tm_progressing").isNull());
            for (String loser : List.of(legs.get(0), legs.get(2))) {
                JsonNode call = Calls.await(loser, "hangup", 5);
                assertEquals("cancel", call.get("hangup_reason").asText(), call.toString());
                assertEquals(487, call.get("sip_status_code").asInt(), call.toString());
                assertEquals(id, call.get("groupcall_id").asText());
            }
            for (Sipp carrier : List.of(ringing1, ringing2)) {
                assertEquals(0, carrier.awaitExit(10), carrier.describe());
                assertTrue(carrier.messages().contains("SIP/2.0 487 Request Terminated"), carrier.describe());
            }
            Calls.assertCarrierHappy(answering);
            tap.await(b -> b.contains("groupcall_hangup") && b.contains(id), Duration.ofSeconds(5));
            assertEquals(1, count(tap, "groupcall_created", id));
            assertEquals(1, count(tap, "groupcall_progressing", id));
            assertEquals(1, count(tap, "groupcall_hangup", id));
        }
    }

    @Test
    void linearMovesOnFromABusyDestinationAndTheFlowRunsOnTheAnsweringLegOnly() throws Exception {
        try (Sipp busy = Calls.rejecting(486, "Busy Here");
             Sipp answering = Sipp.uas(SCENARIOS.resolve("uas_answer_wait_bye.xml"), 1)) {
            Map<String, Object> body = body("linear", List.of(sip(busy, "first"), sip(answering, "second")));
            body.put("actions", List.of(Map.of("type", "sleep", "option", Map.of("duration", 300)),
                    Map.of("type", "hangup")));
            Response created = create(body);
            created.then().statusCode(200).body("ring_method", equalTo("linear"));
            String id = created.path("id");

            JsonNode done = awaitGroupcall(id, "hangup", 20);
            List<String> legs = ids(done.get("call_ids"));
            assertEquals(2, legs.size(), done.toString());
            assertEquals(1, done.get("dial_index").asInt());
            assertEquals(legs.get(1), done.get("answer_call_id").asText());
            JsonNode first = Calls.await(legs.get(0), "hangup", 5);
            assertEquals("busy", first.get("hangup_reason").asText());
            assertEquals(486, first.get("sip_status_code").asInt());
            assertEquals(NIL, first.get("activeflow_id").asText(), "no flow on a leg that did not answer");
            JsonNode second = Calls.await(legs.get(1), "hangup", 5);
            assertNotEquals(NIL, second.get("activeflow_id").asText(), second.toString());
            assertEquals(done.get("flow_id").asText(), second.get("flow_id").asText());
            // the flow's hangup action ended it: our BYE, so hung up locally
            assertEquals("local", second.get("hangup_by").asText(), second.toString());
            assertEquals(0, answering.awaitExit(10), answering.describe());
        }
    }

    @Test
    void anAnswerDeepInANestWinsForTheWholeTree() throws Exception {
        try (Sipp ringing = Sipp.uas(SCENARIOS.resolve("uas_ring_until_cancel.xml"), 1);
             Sipp busy = Calls.rejecting(486, "Busy Here");
             Sipp answering = Sipp.uas(SCENARIOS.resolve("uas_ring_then_answer_bye.xml"), 1, "-d", "300")) {
            String agentId = agent(List.of(sip(busy, "desk"), sip(answering, "mobile")), "linear");
            Response created = create(body("ring_all", List.of(sip(ringing, "front"),
                    Map.of("type", "agent", "target", agentId))));
            created.then().statusCode(200).body("call_ids", hasSize(1)).body("groupcall_ids", hasSize(1));
            String id = created.path("id");
            String childId = created.path("groupcall_ids[0]");

            JsonNode root = awaitGroupcall(id, "hangup", 20);
            assertEquals(childId, root.get("answer_groupcall_id").asText(), root.toString());
            assertEquals(NIL, root.get("answer_call_id").asText());
            JsonNode child = awaitGroupcall(childId, "hangup", 5);
            assertEquals(id, child.get("master_groupcall_id").asText());
            assertEquals("linear", child.get("ring_method").asText(), "the agent's ring method");
            assertEquals(1, child.get("dial_index").asInt());
            List<String> childLegs = ids(child.get("call_ids"));
            assertEquals(childLegs.get(1), child.get("answer_call_id").asText(), child.toString());
            assertEquals("busy", Calls.await(childLegs.get(0), "hangup", 5).get("hangup_reason").asText());
            assertEquals("cancel", Calls.await(root.get("call_ids").get(0).asText(), "hangup", 5)
                    .get("hangup_reason").asText(), "the front desk is cancelled by an answer inside the agent");
            assertEquals(0, ringing.awaitExit(10), ringing.describe());
            Calls.assertCarrierHappy(answering);
            assertEquals(0, root.get("groupcall_count").asInt());
        }
    }

    @Test
    void aProviderCallToAnAgentRingsEveryAddressThroughTheForcedProviderAndCanBeHungUpWhileRinging()
            throws Exception {
        try (Sipp forced = Sipp.uas(SCENARIOS.resolve("uas_ring_until_cancel.xml"), 2);
             EventTap reports = Calls.tap("route-manager.events")) {
            String providerId = Calls.provider(forced);
            String agentId = agent(List.of(Map.of("type", "tel", "target", "+821011110001"),
                    Map.of("type", "tel", "target", "+821011110002")), "ring_all");
            Response placed = Api.as(admin).body(Map.of("provider_id", providerId,
                    "source", Map.of("type", "tel", "target", "+14155551234"),
                    "destinations", List.of(Map.of("type", "agent", "target", agentId)))).post("/v1.0/providercalls");
            placed.then().statusCode(200).body("call_ids", hasSize(0)).body("groupcall_ids", hasSize(1))
                    .body("outcomes[0].groupcall_id", equalTo(placed.path("groupcall_ids[0]")));
            String rootId = placed.path("groupcall_ids[0]");
            JsonNode root = groupcall(rootId);
            assertEquals(0, root.get("groupcall_ids").size(), "one groupcall whose legs are the agent's addresses");
            assertEquals("ring_all", root.get("ring_method").asText(), "the agent's ring method");
            List<String> legs = ids(root.get("call_ids"));
            assertEquals(2, legs.size(), root.toString());
            assertEquals(providerId, root.get("metadata").get("route_provider_ids").get(0).asText());
            for (String leg : legs) {
                JsonNode call = Calls.await(leg, "ringing", 10);
                assertEquals(providerId, call.get("provider_id").asText(), "every leg through the forced provider");
            }

            Api.as(admin).post("/v1.0/groupcalls/" + rootId + "/hangup").then().statusCode(200)
                    .body("status", oneOf("hangingup", "hangup"));
            JsonNode ended = awaitGroupcall(rootId, "hangup", 15);
            assertEquals("hung up on request", ended.get("hangup_cause").asText());
            for (String leg : legs) {
                assertEquals("cancel", Calls.await(leg, "hangup", 5).get("hangup_reason").asText());
            }
            assertEquals(0, forced.awaitExit(10), forced.describe());
            assertEquals(2, forced.stat("SuccessfulCall(C)"), "both addresses reached the forced carrier");

            // the groupcall carries its provider call's id, so its groupcall_hangup names the record (route-manager
            // looks up no hang-up that names none) and announces the complete report, once
            String id = placed.path("id");
            assertEquals(rootId, ended.get("id").asText());
            assertEquals(id, ended.get("metadata").get("providercall_id").asText(), ended.toString());
            String ready = reports.await(b -> b.contains("\"providercall_report_ready\"") && b.contains(id),
                    Duration.ofSeconds(15));
            assertNotNull(ready, "providercall_report_ready was published: " + reports.received());
            Thread.sleep(1500);
            assertEquals(1, reports.received().stream()
                    .filter(b -> b.contains("\"providercall_report_ready\"") && b.contains(id)).count(), "once");
        }
    }

    @Test
    void legsEndingTogetherEndTheGroupcallOnceWithNoLiveLegLeft() throws Exception {
        int legs = 10;
        try (Sipp busy = Calls.rejecting(486, "Busy Here", legs);
             EventTap tap = Calls.tap("call-manager.events")) {
            List<Map<String, Object>> destinations = new ArrayList<>();
            for (int i = 0; i < legs; i++) {
                destinations.add(sip(busy, "line" + i));
            }
            String id = create(body("ring_all", destinations)).then().statusCode(200).extract().path("id");
            JsonNode done = awaitGroupcall(id, "hangup", 20);
            assertEquals(legs, done.get("call_ids").size());
            assertEquals(0, done.get("call_count").asInt());
            assertEquals("every destination ended unanswered", done.get("hangup_cause").asText());
            for (JsonNode leg : done.get("call_ids")) {
                assertEquals("busy", Calls.await(leg.asText(), "hangup", 5).get("hangup_reason").asText());
            }
            Thread.sleep(500); // a second, wrong hangup would have been published by now
            assertEquals(1, count(tap, "groupcall_hangup", id), tap.received().toString());
        }
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingRingsAndOthersCannotSeeTheGroupcall() throws Exception {
        Map<String, Object> tel = Map.of("type", "tel", "target", "+821012345678");
        create(body("round_robin", List.of(tel))).then().statusCode(400)
                .body("error.reason", equalTo("INVALID_ARGUMENT")).body("error.details[0].field", equalTo("ring_method"));
        create(body("ring_all", List.of())).then().statusCode(400);
        create(body("ring_all", List.of(Map.of("type", "extension", "target", "2001")))).then().statusCode(400)
                .body("error.details[0].reason", containsString("registrations"));
        Map<String, Object> both = body("ring_all", List.of(tel));
        both.put("flow_id", UUID.randomUUID().toString());
        both.put("actions", List.of(Map.of("type", "answer")));
        create(both).then().statusCode(400).body("error.details[0].field", equalTo("actions"));
        create(body("ring_all", List.of(Map.of("type", "agent", "target", UUID.randomUUID().toString()))))
                .then().statusCode(404).body("error.reason", equalTo("AGENT_NOT_FOUND"));
        Api.as(admin).get("/v1.0/groupcalls/" + UUID.randomUUID()).then().statusCode(404)
                .body("error.reason", equalTo("GROUPCALL_NOT_FOUND"));
        Api.as(admin).body(Map.of("provider_id", UUID.randomUUID().toString(),
                "source", Map.of("type", "tel", "target", "+14155551234"),
                "destinations", List.of(Map.of("type", "extension", "target", "2001")))).post("/v1.0/providercalls")
                .then().statusCode(400);

        try (Sipp ringing = Sipp.uas(SCENARIOS.resolve("uas_ring_until_cancel.xml"), 1)) {
            String id = create(body("ring_all", List.of(sip(ringing, "x")))).then().statusCode(200).extract().path("id");
            String customerId = Api.as(admin).body(Map.of("name", "other tenant")).post("/v1.0/customers").path("id");
            String username = "other-admin-" + UUID.randomUUID();
            Api.as(admin).body(Map.of("customer_id", customerId, "username", username, "password", "tenant-pass-1",
                    "permission", 0x20)).post("/v1.0/agents").then().statusCode(200);
            String tenant = Api.login(username, "tenant-pass-1");
            Api.as(tenant).get("/v1.0/groupcalls/" + id).then().statusCode(403);
            Api.as(tenant).post("/v1.0/groupcalls/" + id + "/hangup").then().statusCode(403);
            Api.as(tenant).get("/v1.0/groupcalls").then().statusCode(200).body("result", hasSize(0));
            Api.as(admin).get("/v1.0/groupcalls").then().statusCode(200)
                    .body("result.id", hasItem(id));

            String leg = Api.as(admin).delete("/v1.0/groupcalls/" + id).then().statusCode(200)
                    .body("tm_delete", notNullValue()).extract().path("call_ids[0]");
            assertEquals("cancel", Calls.await(leg, "hangup", 10).get("hangup_reason").asText());
            Api.as(admin).get("/v1.0/groupcalls/" + id).then().statusCode(409)
                    .body("error.reason", equalTo("STATE_INVALID"));
            Api.as(admin).get("/v1.0/groupcalls").then().statusCode(200)
                    .body("result.id", not(hasItem(id)));
            assertEquals(0, ringing.awaitExit(10), ringing.describe());
        }
    }
}
