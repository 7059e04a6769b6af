package io.provtest.gateway.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-client request rate through the real HTTP stack, with a small limit of its own. The rate refills one
 * token per 10 s so a slow machine cannot refill the burst while the test sends (CI at 00:34 UTC did with 2/s).
 */
@QuarkusTest
@TestProfile(RequestRateLimitTest.SmallRate.class)
@WithTestResource(InfraResource.class)
class RequestRateLimitTest {

    public static class SmallRate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.request-rate.per-second", "0.1", "gateway.request-rate.burst", "3");
        }
    }

    @Test
    void aClientPastItsBurstGets429WithRetryAfterWhileOthersGoOn() throws Exception {
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "test-admin-password"))
                .post("/auth/login").then().statusCode(200).extract().path("token");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/v1.0/me").then().statusCode(200);
        }
        Response refused = given().auth().oauth2(token).header("X-Request-Id", "rate-limited-1").get("/v1.0/me");
        refused.then().statusCode(429)
                .body("error.status", equalTo("RESOURCE_EXHAUSTED"))
                .body("error.reason", equalTo("RATE_LIMIT_EXCEEDED"))
                .body("error.request_id", equalTo("rate-limited-1"));
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 10, "one token per 10 s: Retry-After " + retryAfter);
        // the same token as a query parameter is the same client
        given().queryParam("token", token).get("/v1.0/me").then().statusCode(429);
        // another client (no credential: its address) is not held back by this one
        given().get("/v1.0/me").then().statusCode(401);
        Thread.sleep(retryAfter * 1000L + 100);
        given().auth().oauth2(token).get("/v1.0/me").then().statusCode(200);
    }
}
