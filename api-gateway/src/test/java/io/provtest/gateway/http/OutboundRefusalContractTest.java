package io.provtest.gateway.http;

import static io.provtest.gateway.Logins.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.testing.InfraResource;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outbound limits as a client meets them at the gateway: call-manager's (or route-manager's) typed refusal with a
 * retry hint becomes the HTTP status with {@code Retry-After} and the envelope. The services are stand-ins answering
 * their queues on the real broker.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class OutboundRefusalContractTest {

    private static ObjectNode refusal(int code, String status, String reason, int retryAfter) {
        ObjectNode reply = StandInService.error(code, status, reason, "No call was placed.");
        ((ObjectNode) reply.get("error")).put("retry_after_seconds", retryAfter);
        return reply;
    }

    private static Map<String, Object> groupcall() {
        return Map.of("source", Map.of("type", "tel", "target", "+14155551234"),
                "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")));
    }

    @Test
    void aGroupcallOverTheCustomersLimitIs429WithRetryAfter() throws Exception {
        String admin = admin();
        try (StandInService rm = new StandInService("route-manager", r -> StandInService.ok(Map.of("outcomes",
                List.of(Map.of("index", 0, "destination", Map.of("type", "tel", "target", "+821012345678"))))));
             StandInService cm = new StandInService("call-manager",
                     r -> refusal(429, "RESOURCE_EXHAUSTED", "RATE_LIMIT_EXCEEDED", 5))) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).header("X-Request-Id", "limited-groupcall")
                    .body(groupcall()).post("/v1.0/groupcalls").then().statusCode(429)
                    .header("Retry-After", equalTo("5"))
                    .body("error.status", equalTo("RESOURCE_EXHAUSTED"))
                    .body("error.reason", equalTo("RATE_LIMIT_EXCEEDED"))
                    .body("error.request_id", equalTo("limited-groupcall"));
            assertEquals(1, cm.received().size());
        }
    }

    @Test
    void theLegCapAndRtpExhaustionKeepTheirStatus() throws Exception {
        String admin = admin();
        try (StandInService rm = new StandInService("route-manager", r -> StandInService.ok(Map.of("outcomes",
                List.of(Map.of("index", 0, "destination", Map.of("type", "tel", "target", "+821012345678"))))));
             StandInService cm = new StandInService("call-manager", r -> r.data().get("destinations").size() > 1
                     ? StandInService.error(400, "INVALID_ARGUMENT", "TOO_MANY_LEGS", "The limit is 100.")
                     : refusal(503, "UNAVAILABLE", "RTP_PORTS_EXHAUSTED", 5))) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(groupcall()).post("/v1.0/groupcalls")
                    .then().statusCode(503).header("Retry-After", equalTo("5"))
                    .body("error.reason", equalTo("RTP_PORTS_EXHAUSTED"));
            Map<String, Object> two = Map.of("source", Map.of("type", "tel", "target", "+14155551234"),
                    "destinations", List.of(Map.of("type", "tel", "target", "+821012345678"),
                            Map.of("type", "tel", "target", "+821012345679")));
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(two).post("/v1.0/groupcalls")
                    .then().statusCode(400).body("error.reason", equalTo("TOO_MANY_LEGS"));
        }
    }

    @Test
    void aProviderCallOverTheAdminsCustomerLimitIs429WithRetryAfter() throws Exception {
        String admin = admin();
        try (StandInService rm = new StandInService("route-manager",
                r -> refusal(429, "RESOURCE_EXHAUSTED", "RATE_LIMIT_EXCEEDED", 1))) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).header("X-Request-Id", "limited-providercall")
                    .body(Map.of("provider_id", "6b1f3f0e-8f39-4a51-9d0e-3f3f3f3f3f3f",
                            "source", Map.of("type", "tel", "target", "+14155551234"),
                            "destinations", List.of(Map.of("type", "tel", "target", "+821012345678"))))
                    .post("/v1.0/providercalls").then().statusCode(429).header("Retry-After", equalTo("1"))
                    .header("X-Request-Id", equalTo("limited-providercall"))
                    .body("error.reason", equalTo("RATE_LIMIT_EXCEEDED"))
                    .body("error.request_id", equalTo("limited-providercall"));
            // the endpoint is non-blocking: the refusal completes its future exceptionally, and still maps to the
            // typed envelope; the request carried the client's id to route-manager
            assertEquals("limited-providercall", rm.received().get(0).requestId());
        }
    }
}
