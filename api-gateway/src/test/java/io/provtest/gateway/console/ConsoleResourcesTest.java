package io.provtest.gateway.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The console is served without credentials, under its content security policy; the API stays as it was. */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ConsoleResourcesTest {

    @Test
    void theConsolePageAndItsModulesAreServedUnderAStrictPolicy() {
        given().get("/console/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .body(containsString("<script type=\"module\" src=\"app.js\">"));
        for (String module : new String[] {"app.js", "api.js", "rules.js", "ladder.js"}) {
            given().get("/console/" + module).then().statusCode(200).contentType(containsString("javascript"));
        }
        given().get("/console/console.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void theBareFolderNameRedirectsToTheFolder() {
        given().redirects().follow(false).get("/console").then().statusCode(302)
                .header("Location", equalTo("/console/"));
    }

    @Test
    void theApiKeepsItsEnvelopeAndNeedsCredentials() {
        given().get("/console/missing.js").then().statusCode(404);
        given().get("/v1.0/providers").then().statusCode(401)
                .body("error.reason", equalTo("AUTHENTICATION_REQUIRED"));
    }
}
