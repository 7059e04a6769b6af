package io.provtest.gateway.providercall;

import static io.provtest.gateway.Logins.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.provtest.testing.InfraResource;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1.0/providercalls} is non-blocking (it holds no worker thread while route-manager orchestrates): what
 * it relays must be what the blocking endpoint relayed. route-manager is a stand-in on the real broker.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ProviderCallRelayTest {

    private static final Map<String, Object> BODY = Map.of("provider_id", "6b1f3f0e-8f39-4a51-9d0e-3f3f3f3f3f3f",
            "source", Map.of("type", "tel", "target", "+14155551234"),
            "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")));

    @Test
    void routeManagersAnswerIsRelayedWithTheClientsRequestId() throws Exception {
        String admin = admin();
        try (StandInService rm = new StandInService("route-manager",
                r -> StandInService.ok(Map.of("id", "7c9e6679-7425-40de-944b-e07fc1f90ae7", "status", "pending")))) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).header("X-Request-Id", "relayed-providercall")
                    .header("Idempotency-Key", "once-only").body(BODY)
                    .post("/v1.0/providercalls").then().statusCode(200)
                    .header("X-Request-Id", equalTo("relayed-providercall"))
                    .body("id", equalTo("7c9e6679-7425-40de-944b-e07fc1f90ae7"))
                    .body("status", equalTo("pending"));
            assertEquals(1, rm.received().size());
            StandInService.Received sent = rm.received().get(0);
            assertEquals("/v1/providercalls", sent.uri());
            assertEquals("relayed-providercall", sent.requestId());
            assertEquals("once-only", sent.data().get("idempotency_key").asText());
            assertEquals("active", sent.data().get("customer_status").asText(),
                    "the admin's customer's status, read without waiting, goes with the request");
            assertEquals("+821012345678",
                    sent.data().get("request").get("destinations").get(0).get("target").asText());
        }
    }

    @Test
    void aRequestWithoutAnIdGetsOneAndRouteManagerSeesTheSame() throws Exception {
        String admin = admin();
        try (StandInService rm = new StandInService("route-manager", r -> StandInService.ok(Map.of("status", "pending")))) {
            String echoed = given().auth().oauth2(admin).contentType(ContentType.JSON).body(BODY)
                    .post("/v1.0/providercalls").then().statusCode(200).extract().header("X-Request-Id");
            assertNotNull(echoed);
            assertEquals(echoed, rm.received().get(0).requestId());
        }
    }
}
