package io.provtest.gateway.billing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.testing.InfraResource;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The pinned billing contract at the gateway: who may call what (super-admin only where pinned, decided before
 * route-manager is asked), what is forwarded (a customer's own id, never the one it asks for; the super-admin agent
 * for the audit trail), the 4xx envelopes, and the pre-flight refusal of a group call before call-manager is asked.
 * route-manager and call-manager are stand-ins answering their queues on the real broker.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class BillingContractTest {

    private static String login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/auth/login").then().statusCode(200).extract().path("token");
    }

    private static String admin() {
        return login("admin", "test-admin-password");
    }

    private record Tenant(String customerId, String token) {
    }

    /** A new customer with a CustomerAdmin (0x20), logged in. */
    private static Tenant customerAdmin() {
        String admin = admin();
        String customerId = given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "billed"))
                .post("/v1.0/customers").then().statusCode(200).extract().path("id");
        String username = "billed-" + UUID.randomUUID();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("customer_id", customerId,
                "username", username, "password", "secret-pass-1", "permission", 0x20))
                .post("/v1.0/agents").then().statusCode(200);
        return new Tenant(customerId, login(username, "secret-pass-1"));
    }

    private static Map<String, Object> account(String customerId) {
        return Map.of("id", UUID.randomUUID().toString(), "customer_id", customerId, "balance", 0, "currency", "USD",
                "rate_plan_id", "00000000-0000-0000-0000-0000000000b1");
    }

    @Test
    void aCustomerReadsOnlyItsOwnAndChangesNothing() throws Exception {
        Tenant t = customerAdmin();
        String other = UUID.randomUUID().toString();
        try (StandInService rm = new StandInService("route-manager", r -> r.uri().startsWith("/v1/billing_accounts/")
                ? StandInService.ok(account(other))
                : StandInService.ok(Map.of("result", List.of(account(t.customerId())), "next_page_token", "")))) {
            given().auth().oauth2(t.token()).queryParam("customer_id", other).get("/v1.0/billing_accounts")
                    .then().statusCode(200).body("result[0].customer_id", equalTo(t.customerId()));
            assertTrue(rm.received().get(0).uri().contains("customer_id=" + t.customerId()),
                    "its own customer, whatever it asked: " + rm.received());
            given().auth().oauth2(t.token()).get("/v1.0/billing_accounts/" + UUID.randomUUID())
                    .then().statusCode(403).body("error.reason", equalTo("PERMISSION_DENIED"));
            given().auth().oauth2(t.token()).get("/v1.0/billings").then().statusCode(200);
            assertTrue(rm.received().get(2).uri().startsWith("/v1/billings?customer_id=" + t.customerId()));
            int asked = rm.received().size();
            String id = UUID.randomUUID().toString();
            for (String path : List.of("/balance_add_force", "/balance_subtract_force")) {
                given().auth().oauth2(t.token()).contentType(ContentType.JSON).body(Map.of("balance", 12.5))
                        .post("/v1.0/billing_accounts/" + id + path)
                        .then().statusCode(403).body("error.reason", equalTo("PERMISSION_DENIED"));
            }
            given().auth().oauth2(t.token()).contentType(ContentType.JSON)
                    .body(Map.of("rate_plan_id", UUID.randomUUID().toString())).put("/v1.0/billing_accounts/" + id)
                    .then().statusCode(403);
            given().auth().oauth2(t.token()).get("/v1.0/rate_plans").then().statusCode(403);
            given().auth().oauth2(t.token()).contentType(ContentType.JSON).body(Map.of("name", "x"))
                    .post("/v1.0/rate_plans").then().statusCode(403);
            assertEquals(asked, rm.received().size(), "refused before route-manager was asked");
        }
    }

    @Test
    void aSuperAdminAdjustsWithItsAgentOnRecordAndBadInputIsA400() throws Exception {
        String admin = admin();
        String agentId = given().auth().oauth2(admin).get("/v1.0/me").then().statusCode(200).extract().path("id");
        try (StandInService rm = new StandInService("route-manager", r -> StandInService.ok(account("c")))) {
            String id = UUID.randomUUID().toString();
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"balance\": 12.5}")
                    .post("/v1.0/billing_accounts/" + id + "/balance_add_force").then().statusCode(200);
            StandInService.Received sent = rm.received().get(0);
            assertEquals("/v1/billing_accounts/" + id + "/balance_add_force", sent.uri());
            assertEquals("12.5", sent.data().get("balance").asText(), "the decimal as sent");
            assertEquals(agentId, sent.data().get("created_by").asText());
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"balance\": \"12.5\"}")
                    .post("/v1.0/billing_accounts/" + id + "/balance_add_force")
                    .then().statusCode(400).body("error.reason", equalTo("INVALID_JSON_BODY"));
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"balance\": 1}")
                    .post("/v1.0/billing_accounts/not-an-id/balance_subtract_force")
                    .then().statusCode(400).body("error.reason", equalTo("INVALID_ID"));
            assertEquals(1, rm.received().size());
        }
    }

    @Test
    void aGroupcallRefusedByThePreflightIsNeverSentToCallManager() throws Exception {
        Tenant t = customerAdmin();
        try (StandInService rm = new StandInService("route-manager", r -> StandInService.ok(Map.of("outcomes",
                List.of(Map.of("index", 0, "destination", Map.of("type", "tel", "target", "+821012345678"),
                        "error", Map.of("status", "PAYMENT_REQUIRED", "reason", "INSUFFICIENT_BALANCE",
                                "message", "The balance is not above zero."))))));
             StandInService cm = new StandInService("call-manager", r -> StandInService.ok(Map.of()))) {
            given().auth().oauth2(t.token()).contentType(ContentType.JSON).body(Map.of(
                            "source", Map.of("type", "tel", "target", "+14155551234"),
                            "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")),
                            "actions", List.of(Map.of("type", "answer"))))
                    .post("/v1.0/groupcalls").then().statusCode(402)
                    .body("error.reason", equalTo("INSUFFICIENT_BALANCE"))
                    .body("error.details[0].field", equalTo("destinations[0]"));
            assertEquals(0, cm.received().size(), "nothing dialed");
            assertEquals(t.customerId(), rm.received().get(0).data().get("customer_id").asText());
        }
    }
}
