package io.provtest.gateway.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Revocation: customer deletion, a super-admin's reach over access keys, password and permission changes. */
@QuarkusTest
@WithTestResource(InfraResource.class)
class IdentityGapsTest {

    private static String login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/auth/login").then().statusCode(200).extract().path("token");
    }

    private static String admin() {
        return login("admin", "test-admin-password");
    }

    private static void assertError(Response r, int status, String reason) {
        r.then().statusCode(status).body("error.reason", equalTo(reason));
    }

    private record Tenant(String customerId, String agentId, String username, String token) {
    }

    /** A new customer with one agent of {@code permission} (password secret-pass-1), logged in. */
    private static Tenant tenant(int permission) {
        String admin = admin();
        String customerId = given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "gaps"))
                .post("/v1.0/customers").then().statusCode(200).extract().path("id");
        String username = "gaps-" + UUID.randomUUID();
        String agentId = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("customer_id", customerId, "username", username, "password", "secret-pass-1",
                        "permission", permission))
                .post("/v1.0/agents").then().statusCode(200).extract().path("id");
        return new Tenant(customerId, agentId, username, login(username, "secret-pass-1"));
    }

    private static String accessKey(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "ci"))
                .post("/v1.0/accesskeys").then().statusCode(200).extract().path("token");
    }

    @Test
    void deletingACustomerRevokesItsAgentsAndAccessKeysAtOnce() {
        Tenant t = tenant(0x20);
        String key = accessKey(t.token());
        given().auth().oauth2(t.token()).get("/v1.0/me").then().statusCode(200);
        given().queryParam("accesskey", key).get("/v1.0/me").then().statusCode(200);

        given().auth().oauth2(admin()).delete("/v1.0/customers/" + t.customerId()).then().statusCode(200);

        assertError(given().auth().oauth2(t.token()).get("/v1.0/me"), 401, "INVALID_CREDENTIALS");
        assertError(given().queryParam("accesskey", key).get("/v1.0/me"), 401, "INVALID_CREDENTIALS");
        assertError(given().header("Authorization", "AccessKey " + key).get("/v1.0/agents"), 401, "INVALID_CREDENTIALS");
        assertError(given().contentType(ContentType.JSON).body(Map.of("username", t.username(), "password",
                "secret-pass-1")).post("/auth/login"), 401, "INVALID_CREDENTIALS");
        given().auth().oauth2(admin()).get("/v1.0/agents/" + t.agentId()).then().statusCode(200)
                .body("tm_delete", not(equalTo(null)));
    }

    @Test
    void theCallersOwnCustomerCannotBeDeleted() {
        String admin = admin();
        String own = given().auth().oauth2(admin).get("/v1.0/me").path("customer_id");
        assertError(given().auth().oauth2(admin).delete("/v1.0/customers/" + own), 409, "CANNOT_DELETE_OWN_CUSTOMER");
        given().auth().oauth2(admin).get("/v1.0/me").then().statusCode(200);
    }

    @Test
    void aSuperAdminListsAndDeletesAnyCustomersAccessKeys() {
        Tenant t = tenant(0x20);
        String key = accessKey(t.token());
        String admin = admin();
        String keyId = given().auth().oauth2(admin).queryParam("customer_id", t.customerId()).get("/v1.0/accesskeys")
                .then().statusCode(200).body("result.customer_id", hasItem(t.customerId()))
                .extract().path("result[0].id");
        given().auth().oauth2(admin).get("/v1.0/accesskeys").then().statusCode(200)
                .body("result.id", not(hasItem(keyId)));
        given().auth().oauth2(admin).get("/v1.0/accesskeys/" + keyId).then().statusCode(200);
        given().auth().oauth2(admin).delete("/v1.0/accesskeys/" + keyId).then().statusCode(200);
        assertError(given().queryParam("accesskey", key).get("/v1.0/me"), 401, "INVALID_CREDENTIALS");

        Tenant other = tenant(0x20);
        assertError(given().auth().oauth2(other.token()).queryParam("customer_id", t.customerId())
                .get("/v1.0/accesskeys"), 403, "PERMISSION_DENIED");
        assertError(given().auth().oauth2(other.token()).queryParam("customer_id", "nope")
                .get("/v1.0/accesskeys"), 400, "INVALID_ID");
    }

    @Test
    void aPasswordChangeEndsOlderTokens() {
        Tenant t = tenant(0x10);
        String second = login(t.username(), "secret-pass-1");
        given().auth().oauth2(t.token()).contentType(ContentType.JSON).body(Map.of("password", "new-secret-2"))
                .put("/v1.0/agents/" + t.agentId() + "/password").then().statusCode(200)
                .body("id", equalTo(t.agentId()));
        assertError(given().auth().oauth2(t.token()).get("/v1.0/me"), 401, "INVALID_CREDENTIALS");
        assertError(given().auth().oauth2(second).get("/v1.0/me"), 401, "INVALID_CREDENTIALS");
        assertError(given().contentType(ContentType.JSON).body(Map.of("username", t.username(), "password",
                "secret-pass-1")).post("/auth/login"), 401, "INVALID_CREDENTIALS");
        String fresh = login(t.username(), "new-secret-2");
        given().auth().oauth2(fresh).get("/v1.0/me").then().statusCode(200);

        // an admin of the customer may set it; a plain agent only its own; a short one is a field error
        assertError(given().auth().oauth2(fresh).contentType(ContentType.JSON).body(Map.of("password", "x"))
                .put("/v1.0/agents/" + t.agentId() + "/password"), 400, "INVALID_ARGUMENT");
        String adminId = given().auth().oauth2(admin()).get("/v1.0/me").path("id");
        assertError(given().auth().oauth2(fresh).contentType(ContentType.JSON).body(Map.of("password", "new-secret-3"))
                .put("/v1.0/agents/" + adminId + "/password"), 403, "PERMISSION_DENIED");
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("password", "by-admin-4"))
                .put("/v1.0/agents/" + t.agentId() + "/password").then().statusCode(200);
        assertError(given().auth().oauth2(fresh).get("/v1.0/me"), 401, "INVALID_CREDENTIALS");
        login(t.username(), "by-admin-4");
    }

    @Test
    void aPermissionChangeEndsOlderTokensAndTheNewOneCarriesIt() {
        Tenant t = tenant(0x40);
        String admin = admin();
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("permission", 0x20))
                .put("/v1.0/agents/" + t.agentId() + "/permission").then().statusCode(200)
                .body("permission", equalTo(0x20));
        assertError(given().auth().oauth2(t.token()).get("/v1.0/me"), 401, "INVALID_CREDENTIALS");
        String fresh = login(t.username(), "secret-pass-1");
        given().auth().oauth2(fresh).get("/v1.0/agents").then().statusCode(200);

        // a CustomerAdmin cannot grant a project bit, nor change anything as a plain agent
        assertError(given().auth().oauth2(fresh).contentType(ContentType.JSON).body(Map.of("permission", 0x21))
                .put("/v1.0/agents/" + t.agentId() + "/permission"), 403, "PERMISSION_DENIED");
        assertError(given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of())
                .put("/v1.0/agents/" + t.agentId() + "/permission"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void permissionAllIsRefusedWithItsReason() {
        Tenant t = tenant(0x20);
        given().auth().oauth2(admin()).contentType(ContentType.JSON).body(Map.of("permission", 0xFFFF))
                .put("/v1.0/agents/" + t.agentId() + "/permission").then().statusCode(400)
                .body("error.reason", equalTo("INVALID_ARGUMENT"))
                .body("error.details[0].field", equalTo("permission"))
                .body("error.details[0].reason", containsString("0xFFFF"));
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("username", "all-" + UUID.randomUUID(), "password", "secret-pass-1", "permission", 0xFFFF))
                .post("/v1.0/agents").then().statusCode(400).body("error.details[0].field", equalTo("permission"));
    }
}
