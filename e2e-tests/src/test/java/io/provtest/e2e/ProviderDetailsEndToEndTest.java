package io.provtest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.testing.Sipp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A customer's call routed through one of the platform's providers: the customer reads the SIP trace without the
 * provider's host, tech prefix or tech headers (issue 17 item 5); a super-admin reads it whole.
 */
class ProviderDetailsEndToEndTest {

    @Test
    void aCustomerReadsTheTraceOfACallThroughAProviderWithTheProvidersDetailsMasked() throws Exception {
        String admin = Calls.admin();
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye.xml"), 1)) {
            String providerId = Calls.provider(carrier.hostPort(), "77", "x9", Map.of("X-Account", "acct-secret-42"));
            String customerId = Api.as(admin).body(Map.of("name", "traced tenant")).post("/v1.0/customers")
                    .then().statusCode(200).extract().path("id");
            Api.as(admin).body(Map.of("customer_id", customerId, "provider_id", providerId, "priority", 1,
                    "target", "all")).post("/v1.0/routes").then().statusCode(200);
            String username = "tenant-admin-" + UUID.randomUUID();
            Api.as(admin).body(Map.of("customer_id", customerId, "username", username, "password", "tenant-pass-1",
                    "permission", 0x20)).post("/v1.0/agents").then().statusCode(200);
            String customer = Api.login(username, "tenant-pass-1");

            String groupcall = Api.as(customer).body(Map.of(
                    "source", Map.of("type", "tel", "target", Calls.numberFor(customerId)),
                    "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")),
                    "actions", List.of(Map.of("type", "hangup")))).post("/v1.0/groupcalls")
                    .then().statusCode(200).extract().path("id");
            String callId = GroupcallsEndToEndTest.groupcall(groupcall).get("call_ids").get(0).asText();
            Calls.await(callId, "hangup", 30);
            assertEquals(0, carrier.awaitExit(20), carrier.describe());

            // the super-admin sees what went on the wire
            String full = Api.as(admin).get("/v1.0/calls/" + callId + "/sip-messages").then().statusCode(200)
                    .extract().asString();
            assertTrue(full.contains("sip:77+821012345678x9@" + carrier.hostPort()), full);
            assertTrue(full.contains("acct-secret-42"), full);

            JsonNode masked = Calls.JSON.readTree(Api.as(customer).get("/v1.0/calls/" + callId + "/sip-messages")
                    .then().statusCode(200).extract().asString()).get("result");
            String text = masked.toString();
            for (String secret : List.of(carrier.hostPort(), "77+", "x9@", "X-Account", "acct-secret-42")) {
                assertFalse(text.contains(secret), secret + " shown to the customer: " + text);
            }
            List<String> ladder = new java.util.ArrayList<>();
            masked.forEach(m -> ladder.add(m.get("direction").asText() + " " + m.get("first_line").asText()));
            assertEquals("sent INVITE sip:+821012345678@provider.invalid SIP/2.0", ladder.get(0), ladder.toString());
            assertTrue(ladder.contains("received SIP/2.0 200 OK"), ladder.toString());
            assertTrue(ladder.stream().anyMatch(l -> l.startsWith("sent BYE")), ladder.toString());
        }
    }
}
