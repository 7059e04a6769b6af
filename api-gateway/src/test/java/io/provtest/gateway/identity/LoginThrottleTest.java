package io.provtest.gateway.identity;

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
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /auth/login throttled per username (known or not) and per client address, with small limits of its own. */
@QuarkusTest
@TestProfile(LoginThrottleTest.SmallLimits.class)
@WithTestResource(InfraResource.class)
class LoginThrottleTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.login.max-failures-per-username", "3", "gateway.login.max-failures-per-address", "6",
                    "gateway.login.window", "1h");
        }
    }

    private static Response login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/auth/login");
    }

    private static void assertThrottled(Response r) {
        r.then().statusCode(429).body("error.reason", equalTo("RESOURCE_EXHAUSTED"))
                .body("error.request_id", equalTo(r.header("X-Request-Id")));
        long retryAfter = Long.parseLong(r.header("Retry-After"));
        assertTrue(retryAfter > 3000 && retryAfter <= 3600, "Retry-After " + retryAfter);
    }

    @Test
    void aUsernameThenTheAddressIsThrottledAndUnknownUsersAlike() {
        String admin = login("admin", "test-admin-password").then().statusCode(200).extract().path("token");
        String username = "throttled-" + UUID.randomUUID();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "secret-pass-1", "permission", 0x10))
                .post("/v1.0/agents").then().statusCode(200);

        for (int i = 0; i < 3; i++) {
            login(username, "wrong-pass").then().statusCode(401);
        }
        // the limit holds even for the right password, and before it is checked
        assertThrottled(login(username, "secret-pass-1"));
        assertThrottled(login(username.toUpperCase(), "wrong-pass"));

        String ghost = "ghost-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            login(ghost, "wrong-pass").then().statusCode(401).body("error.reason", equalTo("INVALID_CREDENTIALS"));
        }
        assertThrottled(login(ghost, "wrong-pass"));

        // six failures from this address: now every username waits, the admin with its right password too
        assertThrottled(login("admin", "test-admin-password"));
        assertThrottled(login("someone-" + UUID.randomUUID(), "wrong-pass"));
    }
}
