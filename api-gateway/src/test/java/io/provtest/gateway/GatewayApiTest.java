package io.provtest.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The gateway's HTTP contract: identity, credentials, request ids, the error envelope. */
@QuarkusTest
@WithTestResource(InfraResource.class)
class GatewayApiTest {

    @ConfigProperty(name = "gateway.jwt.secret")
    String secret;

    static String login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/auth/login").then().statusCode(200).body("username", equalTo(username))
                .extract().path("token");
    }

    static String admin() {
        return login("admin", "test-admin-password");
    }

    private static void assertEnvelope(Response r, int status, String reason) {
        r.then().statusCode(status)
                .body("error.reason", equalTo(reason))
                .body("error.status", notNullValue())
                .body("error.message", notNullValue())
                .body("error.request_id", equalTo(r.header("X-Request-Id")));
    }

    /** A customer with a CustomerAdmin agent; returns that agent's token. */
    private static String customerAdmin() {
        String admin = admin();
        String customerId = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "acme")).post("/v1.0/customers").then().statusCode(200).extract().path("id");
        String username = "ca-" + UUID.randomUUID();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("customer_id", customerId, "username", username, "password", "secret-pass-1",
                        "permission", 0x20))
                .post("/v1.0/agents").then().statusCode(200).body("permission", equalTo(0x20))
                .body("password_hash", nullValue());
        return login(username, "secret-pass-1");
    }

    @Test
    void bootstrapAdminCanLogInAndSeeItself() {
        given().auth().oauth2(admin()).get("/v1.0/me").then().statusCode(200)
                .body("username", equalTo("admin")).body("permission", equalTo(0x21));
        assertTrue(Files.exists(Path.of("target/state/bootstrap-admin.txt")));
    }

    @Test
    void wrongPasswordAndUnknownUserAreBoth401() {
        for (String user : new String[] {"admin", "nobody"}) {
            assertEnvelope(given().contentType(ContentType.JSON).body(Map.of("username", user, "password", "wrong-pass"))
                    .post("/auth/login"), 401, "INVALID_CREDENTIALS");
        }
    }

    @Test
    void noCredentialsIs401AuthenticationRequired() {
        assertEnvelope(given().get("/v1.0/me"), 401, "AUTHENTICATION_REQUIRED");
    }

    @Test
    void badExpiredAndForeignTokensAre401InvalidCredentials() {
        String token = admin();
        assertEnvelope(given().auth().oauth2(token + "x").get("/v1.0/me"), 401, "INVALID_CREDENTIALS");
        String expired = Jwt.issuer("provtest-api-gateway").audience("provtest-api").subject(UUID.randomUUID().toString())
                .issuedAt(Instant.now().minusSeconds(3600)).expiresAt(Instant.now().minusSeconds(5)).signWithSecret(secret);
        assertEnvelope(given().auth().oauth2(expired).get("/v1.0/me"), 401, "INVALID_CREDENTIALS");
        String forged = Jwt.issuer("provtest-api-gateway").audience("provtest-api").subject(UUID.randomUUID().toString())
                .expiresAt(Instant.now().plusSeconds(600)).signWithSecret("some-other-secret-some-other-secret");
        assertEnvelope(given().auth().oauth2(forged).get("/v1.0/me"), 401, "INVALID_CREDENTIALS");
        assertEnvelope(given().header("Authorization", "Basic YWRtaW46YWRtaW4=").get("/v1.0/me"), 401, "INVALID_CREDENTIALS");
    }

    @Test
    void tokenInQueryWorks() {
        given().queryParam("token", admin()).get("/v1.0/me").then().statusCode(200);
    }

    @Test
    void accessKeyActsAsCustomerAdminOfItsCustomerByHeaderOrQuery() {
        String ca = customerAdmin();
        Response created = given().auth().oauth2(ca).contentType(ContentType.JSON).body(Map.of("name", "ci"))
                .post("/v1.0/accesskeys");
        created.then().statusCode(200).body("token", matchesPattern("ak_[A-Z2-7]{40}"));
        String key = created.path("token");
        String id = created.path("id");
        given().header("Authorization", "AccessKey " + key).get("/v1.0/me").then().statusCode(200)
                .body("type", equalTo("accesskey")).body("permission", equalTo(0x20));
        given().queryParam("accesskey", key).get("/v1.0/agents").then().statusCode(200);
        given().queryParam("accesskey", key).get("/v1.0/customers").then().statusCode(403);
        given().auth().oauth2(ca).get("/v1.0/accesskeys/" + id).then().statusCode(200).body("token", nullValue());
        given().auth().oauth2(ca).delete("/v1.0/accesskeys/" + id).then().statusCode(200);
        assertEnvelope(given().queryParam("accesskey", key).get("/v1.0/me"), 401, "INVALID_CREDENTIALS");
    }

    @Test
    void requestIdIsEchoedWhenAcceptableAndMintedOtherwise() {
        given().header("X-Request-Id", "my-trace_01").get("/v1.0/me").then().header("X-Request-Id", "my-trace_01")
                .body("error.request_id", equalTo("my-trace_01"));
        given().header("X-Request-Id", "bad id!").get("/v1.0/me").then()
                .header("X-Request-Id", matchesPattern("req_[A-Z2-7]{26}"));
        given().auth().oauth2(admin()).get("/v1.0/me").then().statusCode(200)
                .header("X-Request-Id", matchesPattern("req_[A-Z2-7]{26}"));
    }

    @Test
    void unknownRoutesAndWrongMethodsAre404RouteNotFoundWithoutAuth() {
        assertEnvelope(given().get("/v1.0/no-such-thing"), 404, "ROUTE_NOT_FOUND");
        assertEnvelope(given().get("/elsewhere"), 404, "ROUTE_NOT_FOUND");
        assertEnvelope(given().patch("/v1.0/customers"), 404, "ROUTE_NOT_FOUND");
    }

    @Test
    void malformedJsonIs400InvalidJsonBody() {
        assertEnvelope(given().contentType(ContentType.JSON).body("{\"username\":").post("/auth/login"), 400,
                "INVALID_JSON_BODY");
        assertEnvelope(given().auth().oauth2(admin()).contentType(ContentType.JSON).body("{\"name\": 5")
                .post("/v1.0/customers"), 400, "INVALID_JSON_BODY");
        assertEnvelope(given().auth().oauth2(admin()).contentType(ContentType.JSON).body("[1,2]")
                .post("/v1.0/customers"), 400, "INVALID_JSON_BODY");
    }

    @Test
    void providerEndpointsAre403ForNonAdminsWhetherOrNotTheIdExists() {
        String ca = customerAdmin();
        assertEnvelope(given().auth().oauth2(ca).get("/v1.0/providers"), 403, "PERMISSION_DENIED");
        assertEnvelope(given().auth().oauth2(ca).get("/v1.0/providers/" + UUID.randomUUID()), 403, "PERMISSION_DENIED");
        assertEnvelope(given().auth().oauth2(ca).get("/v1.0/providers/not-a-uuid"), 403, "PERMISSION_DENIED");
        assertEnvelope(given().auth().oauth2(admin()).get("/v1.0/providers/not-a-uuid"), 400, "INVALID_ID");
    }

    @Test
    void customerAdminCannotGrantProjectBitsNorTouchSuperAdmins() {
        String ca = customerAdmin();
        assertEnvelope(given().auth().oauth2(ca).contentType(ContentType.JSON)
                .body(Map.of("username", "sneaky-" + UUID.randomUUID(), "password", "secret-pass-1", "permission", 0x21))
                .post("/v1.0/agents"), 403, "PERMISSION_DENIED");
        String adminId = given().auth().oauth2(admin()).get("/v1.0/me").path("id");
        assertEnvelope(given().auth().oauth2(ca).get("/v1.0/agents/" + adminId), 403, "PERMISSION_DENIED");
        assertEnvelope(given().auth().oauth2(ca).get("/v1.0/customers"), 403, "PERMISSION_DENIED");
    }

    @Test
    void customerCrudForSuperAdmin() {
        String admin = admin();
        String id = given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "c1", "detail", "d"))
                .post("/v1.0/customers").then().statusCode(200).body("tm_update", nullValue()).extract().path("id");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "c2"))
                .put("/v1.0/customers/" + id).then().statusCode(200).body("name", equalTo("c2"))
                .body("tm_update", notNullValue());
        String tmDelete = given().auth().oauth2(admin).delete("/v1.0/customers/" + id).then().statusCode(200)
                .extract().path("tm_delete");
        given().auth().oauth2(admin).get("/v1.0/customers/" + id).then().statusCode(200)
                .body("tm_delete", equalTo(tmDelete));
        assertEnvelope(given().auth().oauth2(admin).get("/v1.0/customers/" + UUID.randomUUID()), 404, "CUSTOMER_NOT_FOUND");
    }

    @Test
    void deletedAgentsTokenStopsWorking() {
        String admin = admin();
        String username = "temp-" + UUID.randomUUID();
        String agentId = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "secret-pass-1", "permission", 0x10))
                .post("/v1.0/agents").then().statusCode(200).extract().path("id");
        String token = login(username, "secret-pass-1");
        given().auth().oauth2(token).get("/v1.0/me").then().statusCode(200);
        given().auth().oauth2(admin).delete("/v1.0/agents/" + agentId).then().statusCode(200);
        assertEnvelope(given().auth().oauth2(token).get("/v1.0/me"), 401, "INVALID_CREDENTIALS");
    }

    @Test
    void listsArePaginatedWithOpaqueTokens() {
        String admin = admin();
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "page-" + i))
                    .post("/v1.0/customers").then().statusCode(200);
        }
        Response first = given().auth().oauth2(admin).queryParam("page_size", 2).get("/v1.0/customers");
        first.then().statusCode(200);
        assertEquals(2, first.jsonPath().getList("result").size());
        String token = first.path("next_page_token");
        given().auth().oauth2(admin).queryParam("page_size", 2).queryParam("page_token", token).get("/v1.0/customers")
                .then().statusCode(200);
        assertEnvelope(given().auth().oauth2(admin).queryParam("page_token", "garbage").get("/v1.0/customers"), 400,
                "INVALID_PAGE_TOKEN");
    }

    @Test
    void openApiAndHealthAreServed() {
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
