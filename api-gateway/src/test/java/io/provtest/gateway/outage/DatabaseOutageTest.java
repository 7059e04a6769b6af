package io.provtest.gateway.outage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request that meets the database down (a PostgreSQL restart: bench/faults.sh saw {@code 500 INTERNAL} here) is
 * told to come back, {@code 503 DATABASE_UNAVAILABLE} with {@code Retry-After}, never a 500; once the database is
 * back the same request is served. Real PostgreSQL and RabbitMQ, the database cut by a forwarder in front of it.
 */
@QuarkusTest
@WithTestResource(CutDatabaseResource.class)
class DatabaseOutageTest {

    private static final Map<String, Object> PROVIDER_CALL = Map.of(
            "provider_id", "6b1f3f0e-8f39-4a51-9d0e-3f3f3f3f3f3f",
            "source", Map.of("type", "tel", "target", "+14155551234"),
            "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")));
    /** How long the gateway trusts an agent it read ({@code IdentityStore}'s cache). */
    private static final long IDENTITY_CACHE_MS = 5_000;

    @Test
    void aProviderCallWhileTheDatabaseIsDownIsTypedNotNowThenServed() throws Exception {
        String admin = given().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "test-admin-password"))
                .post("/auth/login").then().statusCode(200).extract().path("token");
        try (StandInService rm = new StandInService("route-manager", r -> StandInService.ok(Map.of("id",
                "0b5e6f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b", "status", "created")))) {
            providerCall(admin).then().statusCode(200);

            CutDatabaseResource.proxy().cut();
            try {
                // the token's agent is still in the gateway's 5 s cache: the customer's status read meets the outage
                assertTypedNotNow(providerCall(admin));
                // past the cache: checking the token itself needs the database, which is not a wrong credential
                Thread.sleep(IDENTITY_CACHE_MS + 500);
                assertTypedNotNow(providerCall(admin));
            } finally {
                CutDatabaseResource.proxy().restore();
            }

            // the pool opens new connections once the database answers again
            int status = 0;
            for (long deadline = System.currentTimeMillis() + 10_000;
                 status != 200 && System.currentTimeMillis() < deadline; ) {
                status = providerCall(admin).statusCode();
                Thread.sleep(status == 200 ? 0 : 200);
            }
            assertEquals(200, status, "served again once the database is back");
        }
    }

    private static void assertTypedNotNow(Response answer) {
        answer.then().statusCode(503).header("Retry-After", equalTo("5"))
                .body("error.status", equalTo("UNAVAILABLE"))
                .body("error.reason", equalTo("DATABASE_UNAVAILABLE"))
                .body("error.retry_after_seconds", equalTo(5));
    }

    private static Response providerCall(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(PROVIDER_CALL)
                .post("/v1.0/providercalls");
    }
}
