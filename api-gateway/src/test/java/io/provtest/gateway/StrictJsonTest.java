package io.provtest.gateway;

import static io.provtest.gateway.Logins.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Bodies are read without coercion and within limits; page_size must be an integer. */
@QuarkusTest
@WithTestResource(InfraResource.class)
class StrictJsonTest {

    private static ValidatableResponse post(String path, String body) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body).post(path).then();
    }

    private static void assertFieldType(String path, String body, String field, String reason) {
        post(path, body).statusCode(400).body("error.reason", equalTo("INVALID_JSON_BODY"))
                .body("error.details[0].field", equalTo(field)).body("error.details[0].reason", equalTo(reason));
    }

    @Test
    void aNumberOrABooleanWhereAStringIsWantedIsRefused() {
        assertFieldType("/v1.0/customers", "{\"name\": 5}", "name", "must be a string");
        assertFieldType("/v1.0/customers", "{\"name\": \"ok\", \"detail\": 1.5}", "detail", "must be a string");
        assertFieldType("/v1.0/customers", "{\"name\": true}", "name", "must be a string");
        given().contentType(ContentType.JSON).body("{\"username\": 5, \"password\": \"whatever-1\"}").post("/auth/login")
                .then().statusCode(400).body("error.details[0].field", equalTo("username"));
    }

    @Test
    void aStringOrAFractionWhereAnIntegerIsWantedIsRefused() {
        assertFieldType("/v1.0/accesskeys", "{\"name\": \"k\", \"expire\": \"60\"}", "expire", "must be an integer");
        assertFieldType("/v1.0/accesskeys", "{\"name\": \"k\", \"expire\": 60.5}", "expire", "must be an integer");
        assertFieldType("/v1.0/accesskeys", "{\"name\": \"k\", \"expire\": 60.0}", "expire", "must be an integer");
        assertFieldType("/v1.0/agents", "{\"username\": \"u-strict\", \"password\": \"secret-pass-1\", \"permission\": \"16\"}",
                "permission", "must be an integer");
        assertFieldType("/v1.0/agents", "{\"username\": \"u-strict\", \"password\": \"secret-pass-1\", \"addresses\": \"x\"}",
                "addresses", "must be an array");
        post("/v1.0/accesskeys", "{\"name\": \"k\", \"expire\": 60}").statusCode(200);
    }

    @Test
    void hugeNumbersDeepNestingAndTrailingDataAreRefused() {
        post("/v1.0/accesskeys", "{\"expire\": 99999999999999999999}").statusCode(400)
                .body("error.reason", equalTo("INVALID_JSON_BODY"));
        post("/v1.0/customers", "{\"name\": \"n\", \"x\": 1" + "0".repeat(60) + "}").statusCode(400)
                .body("error.reason", equalTo("INVALID_JSON_BODY"));
        String deep = "[".repeat(100) + "]".repeat(100);
        post("/v1.0/customers", "{\"name\": \"n\", \"x\": " + deep + "}").statusCode(400)
                .body("error.reason", equalTo("INVALID_JSON_BODY"));
        post("/v1.0/providers", "{\"name\": \"n\", \"x\": " + deep + "}").statusCode(400)
                .body("error.reason", equalTo("INVALID_JSON_BODY"));
        post("/v1.0/customers", "{\"name\": \"n\"} {}").statusCode(400).body("error.reason", equalTo("INVALID_JSON_BODY"));
        // within the limits, the same shapes are fine
        post("/v1.0/customers", "{\"name\": \"n\", \"x\": " + "[".repeat(20) + "]".repeat(20) + "}").statusCode(200);
    }

    @Test
    void aPageSizeThatIsNotAnIntegerIs400() {
        String admin = admin();
        for (String path : new String[] {"/v1.0/customers", "/v1.0/agents", "/v1.0/accesskeys", "/v1.0/providers"}) {
            for (String size : new String[] {"abc", "1.5", "2e1"}) {
                given().auth().oauth2(admin).queryParam("page_size", size).get(path).then().statusCode(400)
                        .body("error.reason", equalTo("INVALID_ARGUMENT"))
                        .body("error.details[0].field", equalTo("page_size"));
            }
        }
        given().auth().oauth2(admin).queryParam("page_size", "0").get("/v1.0/customers").then().statusCode(200);
        given().auth().oauth2(admin).queryParam("page_size", "5000").get("/v1.0/customers").then().statusCode(200);
    }
}
