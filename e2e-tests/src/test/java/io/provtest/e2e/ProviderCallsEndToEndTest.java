package io.provtest.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.testing.EventTap;
import io.provtest.testing.Sipp;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's tutorial flows through the gateway, against SIPp carriers. */
class ProviderCallsEndToEndTest {

    private static final Path SCENARIOS = Path.of("src/test/resources/sipp");
    private static String admin;

    @BeforeAll
    static void login() {
        admin = Calls.admin();
    }

    private static Map<String, Object> body(String providerId) {
        return Map.of("provider_id", providerId, "source", Map.of("type", "tel", "target", "+14155551234"),
                "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")), "anonymous", "auto");
    }

    @Test
    void aPlainProviderCallPlacesOneCallAndLeavesAnAuditRecord() throws Exception {
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_answer_bye.xml"), 1, "-d", "500");
             EventTap tap = Calls.tap("route-manager.events")) {
            String providerId = Calls.provider(carrier);
            Response created = Api.as(admin).body(body(providerId)).post("/v1.0/providercalls");
            created.then().statusCode(200).body("provider_id", equalTo(providerId))
                    .body("flow_id", equalTo("00000000-0000-0000-0000-000000000000"))
                    .body("anonymous", equalTo("auto")).body("status", equalTo("created"))
                    .body("call_ids", hasSize(1)).body("groupcall_ids", hasSize(0))
                    .body("outcomes[0].call_id", equalTo(created.path("call_ids[0]")))
                    .body("tm_delete", equalTo(null));
            String id = created.path("id");
            String callId = created.path("call_ids[0]");
            assertNotNull(tap.await(b -> b.contains("providercall_created") && b.contains(id), Duration.ofSeconds(5)));
            JsonNode call = Calls.await(callId, "hangup", 20);
            assertEquals("normal", call.get("hangup_reason").asText());
            assertEquals(providerId, call.get("provider_id").asText());
            assertEquals(true, call.get("metadata").get("skip_source_validation").asBoolean());
            // the call names the provider call that placed it (its events too: the report's announcement uses it)
            assertEquals(id, call.get("metadata").get("providercall_id").asText());
            Calls.assertCarrierHappy(carrier);

            Api.as(admin).get("/v1.0/providercalls/" + id).then().statusCode(200).body("call_ids[0]", equalTo(callId));
            Api.as(admin).queryParam("provider_id", providerId).get("/v1.0/providercalls").then().statusCode(200)
                    .body("result.id", equalTo(List.of(id)));
            Api.as(admin).delete("/v1.0/providercalls/" + id).then().statusCode(200).body("tm_delete", notNullValue());
            Api.as(admin).get("/v1.0/providercalls/" + id).then().statusCode(200).body("tm_delete", notNullValue());
            Api.as(admin).queryParam("provider_id", providerId).get("/v1.0/providercalls").then().statusCode(200)
                    .body("result.id", not(hasItem(id)));
            Api.as(admin).get("/v1.0/calls/" + callId).then().statusCode(200);
        }
    }

    @Test
    void inlineActionsBecomeATemporaryFlowAndEveryEventOfEveryServiceCarriesARequestId() throws Exception {
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_answer_bye.xml"), 1, "-d", "300");
             EventTap routes = Calls.tap("route-manager.events");
             EventTap calls = Calls.tap("call-manager.events");
             EventTap flows = Calls.tap("flow-manager.events")) {
            String providerId = Calls.provider(carrier);
            Map<String, Object> request = new java.util.HashMap<>(body(providerId));
            request.put("actions", List.of(Map.of("type", "answer"),
                    Map.of("type", "talk", "option", Map.of("text", "This is a provider verification call.",
                            "language", "en-US", "gender", "female")),
                    Map.of("type", "hangup")));
            Response created = Api.as(admin).body(request).post("/v1.0/providercalls");
            created.then().statusCode(200).body("flow_id", not(equalTo("00000000-0000-0000-0000-000000000000")));
            Api.as(admin).get("/v1.0/flows/" + created.path("flow_id")).then().statusCode(200)
                    .body("persist", equalTo(false)).body("actions", hasSize(3));
            String callId = created.path("call_ids[0]");
            Calls.await(callId, "hangup", 20);
            // the hang-up's events come from the SIP thread, the flow's end and the record's settling after it
            assertNotNull(calls.await(b -> b.contains("\"call_hangup\"") && b.contains(callId), Duration.ofSeconds(10)));
            assertNotNull(flows.await(b -> b.contains(callId), Duration.ofSeconds(10)), "flow-manager's events of the call");
            Thread.sleep(1_000);
            List<String> events = new java.util.ArrayList<>();
            for (EventTap tap : List.of(routes, calls, flows)) { // the gateway publishes none
                events.addAll(tap.received());
            }
            for (String event : events) {
                assertTrue(event.matches("(?s).*\"request_id\":\"[A-Za-z0-9_-]{1,64}\".*"), "no request_id: " + event);
            }
        }
    }

    @Test
    void aPartialFailureRecordsEachDestinationsFate() throws Exception {
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_answer_bye.xml"), 1, "-d", "300")) {
            String providerId = Calls.provider(carrier);
            String missingAgent = UUID.randomUUID().toString();
            Response created = Api.as(admin).body(Map.of("provider_id", providerId,
                    "source", Map.of("type", "tel", "target", "+14155551234"),
                    "destinations", List.of(Map.of("type", "tel", "target", "+821012345678"),
                            Map.of("type", "agent", "target", missingAgent)))).post("/v1.0/providercalls");
            created.then().statusCode(200).body("status", equalTo("created")).body("call_ids", hasSize(1))
                    .body("groupcall_ids", hasSize(0)).body("outcomes", hasSize(2))
                    .body("outcomes[0].call_id", equalTo(created.path("call_ids[0]")))
                    .body("outcomes[1].destination.target", equalTo(missingAgent))
                    .body("outcomes[1].error.reason", equalTo("AGENT_NOT_FOUND"));
            assertEquals("normal", Calls.await(created.path("call_ids[0]"), "hangup", 20).get("hangup_reason").asText());
            Calls.assertCarrierHappy(carrier);
        }
    }

    @Test
    void validationAndPermissionFailuresAreTyped() {
        String providerId = Calls.provider("127.0.0.1:5997", "", "", Map.of());
        Map<String, Object> noSource = Map.of("provider_id", providerId,
                "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")));
        Api.as(admin).body(noSource).post("/v1.0/providercalls").then().statusCode(400)
                .body("error.details.field", hasItem("source"));
        Map<String, Object> badAnonymous = new java.util.HashMap<>(body(providerId));
        badAnonymous.put("anonymous", "maybe");
        Api.as(admin).body(badAnonymous).post("/v1.0/providercalls").then().statusCode(400)
                .body("error.reason", equalTo("INVALID_ANONYMOUS_VALUE"));
        Map<String, Object> both = new java.util.HashMap<>(body(providerId));
        both.put("flow_id", UUID.randomUUID().toString());
        both.put("actions", List.of(Map.of("type", "answer")));
        Api.as(admin).body(both).post("/v1.0/providercalls").then().statusCode(400);
        Map<String, Object> badAction = new java.util.HashMap<>(body(providerId));
        badAction.put("actions", List.of(Map.of("type", "answer"), Map.of("type", "dance")));
        Api.as(admin).body(badAction).post("/v1.0/providercalls").then().statusCode(400)
                .body("error.reason", equalTo("INVALID_ACTION_TYPE"))
                .body("error.message", org.hamcrest.Matchers.containsString("actions[1]"));
        Map<String, Object> badDestination = Map.of("provider_id", providerId,
                "source", Map.of("type", "tel", "target", "+14155551234"),
                "destinations", List.of(Map.of("type", "tel", "target", "+821012345678"),
                        Map.of("type", "email", "target", "a@b.c")));
        Api.as(admin).body(badDestination).post("/v1.0/providercalls").then().statusCode(400)
                .body("error.details.field", hasItem("destinations[1].type"));
        Api.as(admin).body(body(UUID.randomUUID().toString())).post("/v1.0/providercalls").then().statusCode(404)
                .body("error.reason", equalTo("PROVIDER_NOT_FOUND"));
        Map<String, Object> unknownFlow = new java.util.HashMap<>(body(providerId));
        unknownFlow.put("flow_id", UUID.randomUUID().toString());
        Api.as(admin).body(unknownFlow).post("/v1.0/providercalls").then().statusCode(404)
                .body("error.reason", equalTo("FLOW_NOT_FOUND"));
        Api.as(admin).delete("/v1.0/providers/" + providerId).then().statusCode(200);
        Api.as(admin).body(body(providerId)).post("/v1.0/providercalls").then().statusCode(404)
                .body("error.reason", equalTo("PROVIDER_NOT_FOUND"));
        Api.as(admin).get("/v1.0/providercalls/" + UUID.randomUUID()).then().statusCode(404)
                .body("error.reason", equalTo("PROVIDERCALL_NOT_FOUND"));
        Api.as(admin).delete("/v1.0/providercalls/" + UUID.randomUUID()).then().statusCode(404)
                .body("error.reason", equalTo("PROVIDERCALL_NOT_FOUND"));
        Api.anonymous().body(body(providerId)).post("/v1.0/providercalls").then().statusCode(401);
    }

    @Test
    void anIdempotentRetryReturnsTheSameRecordAndPlacesNoNewCall() throws Exception {
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_answer_bye.xml"), 1, "-d", "300")) {
            String providerId = Calls.provider(carrier);
            String key = "retry-" + UUID.randomUUID();
            Response first = Api.as(admin).header("Idempotency-Key", key).body(body(providerId)).post("/v1.0/providercalls");
            first.then().statusCode(200);
            Response again = Api.as(admin).header("Idempotency-Key", key).body(body(providerId)).post("/v1.0/providercalls");
            again.then().statusCode(200).body("id", equalTo(first.path("id")))
                    .body("call_ids", equalTo(first.path("call_ids")));
            Map<String, Object> other = new java.util.HashMap<>(body(providerId));
            other.put("anonymous", "no");
            Api.as(admin).header("Idempotency-Key", key).body(other).post("/v1.0/providercalls").then().statusCode(422)
                    .body("error.status", equalTo("INVALID_ARGUMENT"))
                    .body("error.reason", equalTo("IDEMPOTENCY_KEY_REUSED"));
            Calls.assertCarrierHappy(carrier);
        }
    }
}
