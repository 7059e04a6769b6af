package io.provtest.gateway.provider;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A provider body is typed and its SIP-safety fields are checked at the gateway (Bean Validation with the
 * project's constraints), before anything reaches route-manager (which is not running here: a body that passed
 * would time out, not answer 400).
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ProviderInputTest {

    private static ValidatableResponse post(Object body) {
        String admin = given().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "test-admin-password")).post("/auth/login")
                .then().statusCode(200).extract().path("token");
        return given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/v1.0/providers").then();
    }

    @Test
    void unsafeTechAffixesAreFieldErrors() {
        post(Map.of("type", "sip", "hostname", "h.example", "tech_prefix", "99@evil.example", "tech_postfix", "1>"))
                .statusCode(400).body("error.reason", equalTo("INVALID_ARGUMENT"))
                .body("error.details.field", hasItem("tech_prefix")).body("error.details.field", hasItem("tech_postfix"));
    }

    @Test
    void reservedRepeatedOrUnsafeHeadersAreNamed() {
        post(Map.of("type", "sip", "hostname", "h.example", "tech_headers", Map.of("Via", "SIP/2.0/UDP x")))
                .statusCode(400).body("error.details[0].field", equalTo("tech_headers"))
                .body("error.details[0].reason", equalTo("Via: header name is reserved"));
        post(Map.of("type", "sip", "hostname", "h.example", "tech_headers", Map.of("X-A", "ok\r\nVia: evil")))
                .statusCode(400).body("error.details[0].reason", containsString("X-A: "));
        post(Map.of("type", "sip", "hostname", "h.example", "tech_headers", Map.of("X-${x}", "1")))
                .statusCode(400).body("error.details[0].reason", containsString("X-${x}: "));
    }

    @Test
    void aHeaderValueThatIsNotAStringIsAJsonTypeError() {
        post(Map.of("type", "sip", "hostname", "h.example", "tech_headers", Map.of("X-Num", 5))).statusCode(400)
                .body("error.reason", equalTo("INVALID_JSON_BODY"))
                .body("error.details[0].field", equalTo("tech_headers.X-Num"));
        post(Map.of("type", "sip", "hostname", 42)).statusCode(400).body("error.details[0].field", equalTo("hostname"));
    }
}
