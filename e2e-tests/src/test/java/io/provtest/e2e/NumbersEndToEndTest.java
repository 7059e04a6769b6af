package io.provtest.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.testing.Sipp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Customer status, numbers and the outbound config through the gateway with every service running, against a SIPp
 * carrier: a frozen customer is refused 403 ACCOUNT_FROZEN and nothing reaches the carrier; a customer's call from a
 * number it does not own goes out with its default number (the From the carrier received), while a provider call
 * keeps its source verbatim.
 */
class NumbersEndToEndTest {

    private static final Pattern FROM = Pattern.compile("(?m)^From:[^\\r\\n]*");

    private record Tenant(String customerId, String token) {
    }

    /** A new customer with a CustomerAdmin, logged in, and a route of all its calls to the carrier. */
    private static Tenant tenant(String admin, String name, String providerId) {
        String customerId = Api.as(admin).body(Map.of("name", name)).post("/v1.0/customers").then().statusCode(200)
                .body("status", equalTo("active")).extract().path("id");
        Api.as(admin).body(Map.of("customer_id", customerId, "provider_id", providerId, "priority", 1,
                "target", "all")).post("/v1.0/routes").then().statusCode(200);
        String username = "numbers-" + UUID.randomUUID();
        Api.as(admin).body(Map.of("customer_id", customerId, "username", username, "password", "tenant-pass-1",
                "permission", 0x20)).post("/v1.0/agents").then().statusCode(200);
        return new Tenant(customerId, Api.login(username, "tenant-pass-1"));
    }

    private static Map<String, Object> groupcall(String source) {
        return Map.of("source", Map.of("type", "tel", "target", source),
                "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")),
                "actions", List.of(Map.of("type", "hangup")));
    }

    /** The From header of the first INVITE we sent, as the carrier received it. */
    private static String inviteFrom(String admin, String callId) throws Exception {
        JsonNode messages = Calls.JSON.readTree(Api.as(admin).get("/v1.0/calls/" + callId + "/sip-messages")
                .then().statusCode(200).extract().asString()).get("result");
        for (JsonNode m : messages) {
            if ("sent".equals(m.get("direction").asText()) && m.get("first_line").asText().startsWith("INVITE")) {
                Matcher from = FROM.matcher(m.get("raw").asText());
                assertTrue(from.find(), m.toString());
                return from.group();
            }
        }
        throw new AssertionError("no INVITE sent: " + messages);
    }

    @Test
    void aFrozenCustomerIsRefusedAndNothingIsDialed() throws Exception {
        String admin = Calls.admin();
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye.xml"), 1)) {
            Tenant t = tenant(admin, "frozen tenant", Calls.provider(carrier));
            String source = Calls.numberFor(t.customerId());
            Api.as(admin).body(Map.of("name", "frozen tenant", "status", "frozen"))
                    .put("/v1.0/customers/" + t.customerId()).then().statusCode(200).body("status", equalTo("frozen"));
            Api.as(t.token()).body(groupcall(source)).post("/v1.0/groupcalls").then().statusCode(403)
                    .body("error.reason", equalTo("ACCOUNT_FROZEN"));
            Api.as(t.token()).get("/v1.0/groupcalls").then().statusCode(200).body("result", hasSize(0));

            // thawed, the same request is placed: the carrier (which takes one call) sees this one only
            Api.as(admin).body(Map.of("name", "frozen tenant", "status", "active"))
                    .put("/v1.0/customers/" + t.customerId()).then().statusCode(200);
            String id = Api.as(t.token()).body(groupcall(source)).post("/v1.0/groupcalls").then().statusCode(200)
                    .extract().path("id");
            String leg = GroupcallsEndToEndTest.groupcall(id).get("call_ids").get(0).asText();
            Calls.await(leg, "hangup", 30);
            Calls.assertCarrierHappy(carrier);
        }
    }

    @Test
    void anUnownedSourceGoesOutWithTheDefaultNumberWhileAProviderCallKeepsItsSource() throws Exception {
        String admin = Calls.admin();
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye.xml"), 2)) {
            String providerId = Calls.provider(carrier);
            Tenant t = tenant(admin, "numbered tenant", providerId);
            String fallback = Calls.numberFor(t.customerId());
            String fallbackId = Api.as(t.token()).get("/v1.0/numbers").then().statusCode(200)
                    .body("result", hasSize(1)).extract().path("result[0].id");
            String unowned = "+1415555" + (1000 + (int) (Math.random() * 9000));
            Api.as(t.token()).body(Map.of("default_outgoing_source_number_id", fallbackId))
                    .put("/v1.0/customers/" + t.customerId() + "/outbound_config").then().statusCode(200)
                    .body("default_outgoing_source_number_id", equalTo(fallbackId));
            // another customer's number is not the tenant's to use either
            Api.as(t.token()).body(Map.of("number", fallback)).post("/v1.0/numbers").then().statusCode(409)
                    .body("error.reason", equalTo("NUMBER_TAKEN"));

            String id = Api.as(t.token()).body(groupcall(unowned)).post("/v1.0/groupcalls").then().statusCode(200)
                    .body("source.target", equalTo(fallback)).extract().path("id");
            String leg = GroupcallsEndToEndTest.groupcall(id).get("call_ids").get(0).asText();
            JsonNode call = Calls.await(leg, "hangup", 30);
            assertEquals(fallback, call.get("source").get("target").asText(), call.toString());
            String from = inviteFrom(admin, leg);
            assertTrue(from.contains(fallback), from);
            assertFalse(from.contains(unowned), from);

            // a provider call does not validate its source: it goes out exactly as given
            String placed = Api.as(admin).body(Map.of("provider_id", providerId,
                            "source", Map.of("type", "tel", "target", unowned),
                            "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")),
                            "actions", List.of(Map.of("type", "hangup"))))
                    .post("/v1.0/providercalls").then().statusCode(200).extract().path("call_ids[0]");
            JsonNode verbatim = Calls.await(placed, "hangup", 30);
            assertEquals(unowned, verbatim.get("source").get("target").asText(), verbatim.toString());
            assertTrue(inviteFrom(admin, placed).contains(unowned));

            assertEquals(0, carrier.awaitExit(20), carrier.describe());
            assertEquals(2, carrier.stat("SuccessfulCall(C)"), carrier.describe());
        }
    }
}
