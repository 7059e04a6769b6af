package io.provtest.gateway.number;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.provtest.testing.InfraResource;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The numbers, outbound-config and customer-status contract at the gateway: who may do what (decided before
 * route-manager is asked), which customer is forwarded, the 4xx envelopes, and what the pre-flight of a group call
 * and a provider call is told (the customer's status) and changes (the source the legs go out with).
 * route-manager and call-manager are stand-ins answering their queues on the real broker.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class NumbersContractTest {

    private static String login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/auth/login").then().statusCode(200).extract().path("token");
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String admin() {
        return login("admin", "test-admin-password");
    }

    private record Tenant(String customerId, String token) {
    }

    private static Tenant tenant(int permission) {
        String customerId = as(admin()).body(Map.of("name", "numbered")).post("/v1.0/customers").then()
                .statusCode(200).body("status", equalTo("active")).extract().path("id");
        return agentOf(customerId, permission);
    }

    private static Tenant agentOf(String customerId, int permission) {
        String username = "numbered-" + UUID.randomUUID();
        as(admin()).body(Map.of("customer_id", customerId, "username", username, "password", "secret-pass-1",
                "permission", permission)).post("/v1.0/agents").then().statusCode(200);
        return new Tenant(customerId, login(username, "secret-pass-1"));
    }

    private static Map<String, Object> number(String customerId) {
        return Map.of("id", UUID.randomUUID().toString(), "customer_id", customerId, "number", "+14155550100",
                "status", "active", "name", "desk", "detail", "");
    }

    @Test
    void numbersBelongToTheCallersCustomerUnlessASuperAdminSaysOtherwise() throws Exception {
        Tenant t = tenant(0x20);
        Tenant manager = agentOf(t.customerId(), 0x40);
        String other = UUID.randomUUID().toString();
        try (StandInService rm = new StandInService("route-manager", r -> StandInService.ok(
                r.uri().startsWith("/v1/numbers/") && r.uri().endsWith("0")
                        ? number(other) : number(t.customerId())))) {
            as(t.token()).body(Map.of("number", "+14155550100", "customer_id", other)).post("/v1.0/numbers")
                    .then().statusCode(200);
            assertEquals(t.customerId(), rm.received().get(0).data().get("customer_id").asText(),
                    "its own customer, whatever it named");
            as(admin()).body(Map.of("number", "+14155550100", "customer_id", other)).post("/v1.0/numbers")
                    .then().statusCode(200);
            assertEquals(other, rm.received().get(1).data().get("customer_id").asText());
            int asked = rm.received().size();
            as(manager.token()).body(Map.of("number", "+14155550100")).post("/v1.0/numbers").then().statusCode(403)
                    .body("error.reason", equalTo("PERMISSION_DENIED"));
            as(manager.token()).body("{\"number\": 5}").post("/v1.0/numbers").then().statusCode(403);
            as(t.token()).body("{\"number\": 5}").post("/v1.0/numbers").then().statusCode(400)
                    .body("error.reason", equalTo("INVALID_JSON_BODY"));
            as(t.token()).get("/v1.0/numbers/not-an-id").then().statusCode(400)
                    .body("error.reason", equalTo("INVALID_ID"));
            assertEquals(asked, rm.received().size(), "refused before route-manager was asked");

            as(manager.token()).queryParam("customer_id", other).get("/v1.0/numbers").then().statusCode(200);
            assertEquals("/v1/numbers?customer_id=" + t.customerId() + "&page_size=100",
                    rm.received().get(asked).uri());
            // another customer's number (the stand-in answers ids ending in 0 as another customer's)
            String foreign = "00000000-0000-4000-8000-000000000000";
            as(t.token()).get("/v1.0/numbers/" + foreign).then().statusCode(403);
            as(t.token()).body(Map.of("status", "disabled")).put("/v1.0/numbers/" + foreign).then().statusCode(403);
            as(t.token()).delete("/v1.0/numbers/" + foreign).then().statusCode(403);
            as(t.token()).body("{\"status\": 5}").put("/v1.0/numbers/" + foreign).then().statusCode(403);
            as(t.token()).body("{\"status\": 5}").put("/v1.0/numbers/00000000-0000-4000-8000-000000000001")
                    .then().statusCode(400).body("error.reason", equalTo("INVALID_JSON_BODY"))
                    .body("error.details[0].field", equalTo("status"));
            String own = "00000000-0000-4000-8000-000000000001";
            as(t.token()).body(Map.of("status", "disabled", "customer_id", other)).put("/v1.0/numbers/" + own)
                    .then().statusCode(200);
            StandInService.Received put = rm.received().get(rm.received().size() - 1);
            assertEquals("PUT", put.method());
            assertEquals(t.customerId(), put.data().get("customer_id").asText(), "only a super-admin moves it");
            assertEquals("disabled", put.data().get("status").asText());
            assertEquals("+14155550100", put.data().get("number").asText(), "the fields it did not name are kept");
        }
    }

    @Test
    void theOutboundConfigIsForItsCustomersAdminsAndTheSuperAdmin() throws Exception {
        Tenant t = tenant(0x20);
        Tenant manager = agentOf(t.customerId(), 0x40);
        Tenant stranger = tenant(0x20);
        try (StandInService rm = new StandInService("route-manager", r -> StandInService.ok(Map.of(
                "customer_id", t.customerId(), "allowed_countries", List.of())))) {
            String path = "/v1.0/customers/" + t.customerId() + "/outbound_config";
            as(t.token()).body(Map.of("allowed_countries", List.of("+82"), "calls_per_second", 2,
                    "codecs", List.of("pcma", "PCMU"))).put(path).then().statusCode(200);
            assertEquals("/v1/customers/" + t.customerId() + "/outbound_config", rm.received().get(0).uri());
            assertEquals(2, rm.received().get(0).data().get("calls_per_second").asInt());
            // route-manager validates them (the one codec list); the gateway passes them on in order
            assertEquals("[\"pcma\",\"PCMU\"]", rm.received().get(0).data().get("codecs").toString());
            as(admin()).get(path).then().statusCode(200);
            as(stranger.token()).get(path).then().statusCode(403);
            as(manager.token()).get(path).then().statusCode(403);
            as(stranger.token()).body(Map.of("calls_per_second", "2")).put(path).then().statusCode(403);
            as(t.token()).body(Map.of("calls_per_second", "2")).put(path).then().statusCode(400)
                    .body("error.reason", equalTo("INVALID_JSON_BODY"));
            as(admin()).get("/v1.0/customers/" + UUID.randomUUID() + "/outbound_config").then().statusCode(404)
                    .body("error.reason", equalTo("CUSTOMER_NOT_FOUND"));
            assertEquals(2, rm.received().size());
        }
    }

    @Test
    void aFrozenCustomersCallsAreJudgedWithItsStatusAndTheChosenSourceIsDialed() throws Exception {
        Tenant t = tenant(0x20);
        String admin = admin();
        as(admin).body(Map.of("name", "numbered", "status", "paused")).put("/v1.0/customers/" + t.customerId())
                .then().statusCode(400).body("error.details[0].field", equalTo("status"));
        as(admin).body(Map.of("name", "numbered", "status", "frozen")).put("/v1.0/customers/" + t.customerId())
                .then().statusCode(200).body("status", equalTo("frozen"));
        as(t.token()).body(Map.of("name", "numbered", "status", "active")).put("/v1.0/customers/" + t.customerId())
                .then().statusCode(403);
        Map<String, Object> groupcall = Map.of("source", Map.of("type", "tel", "target", "+14155559999"),
                "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")),
                "actions", List.of(Map.of("type", "answer")));
        try (StandInService rm = new StandInService("route-manager", r -> r.data() != null
                && "frozen".equals(r.data().path("customer_status").asText())
                ? StandInService.ok(Map.of("outcomes", List.of(Map.of("index", 0, "error", Map.of(
                        "status", "PERMISSION_DENIED", "reason", "ACCOUNT_FROZEN", "message", "frozen")))))
                : StandInService.ok(Map.of("outcomes", List.of(Map.of("index", 0)),
                        "source", Map.of("type", "tel", "target", "+14155550100"))));
             StandInService cm = new StandInService("call-manager", r -> StandInService.ok(Map.of(
                     "id", UUID.randomUUID().toString(), "customer_id", t.customerId())))) {
            as(t.token()).body(groupcall).post("/v1.0/groupcalls").then().statusCode(403)
                    .body("error.reason", equalTo("ACCOUNT_FROZEN"))
                    .body("error.details[0].field", equalTo("destinations[0]"));
            assertEquals(0, cm.received().size(), "nothing dialed");

            as(admin).body(Map.of("name", "numbered", "status", "active")).put("/v1.0/customers/" + t.customerId())
                    .then().statusCode(200).body("status", equalTo("active"));
            as(t.token()).body(groupcall).post("/v1.0/groupcalls").then().statusCode(200);
            assertEquals("active", rm.received().get(1).data().get("customer_status").asText());
            assertEquals("+14155559999", rm.received().get(1).data().get("source").get("target").asText());
            assertEquals("+14155550100", cm.received().get(0).data().get("source").get("target").asText(),
                    "the legs go out with the source the pre-flight chose");

            as(admin).body(Map.of("provider_id", UUID.randomUUID().toString(),
                    "source", Map.of("type", "tel", "target", "+14155559999"),
                    "destinations", List.of(Map.of("type", "tel", "target", "+821012345678"))))
                    .post("/v1.0/providercalls").then().statusCode(200);
            StandInService.Received command = rm.received().get(rm.received().size() - 1);
            assertEquals("/v1/providercalls", command.uri());
            assertEquals("active", command.data().get("customer_status").asText(),
                    "the admin's own customer's status goes with a provider call");
        }
    }
}
