package io.provtest.gateway;

import static io.provtest.gateway.Logins.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The typed bodies of flows, groupcalls and provider calls (and the identity inputs' Bean Validation): unknown
 * fields, wrong JSON types and missing or oversized fields are 400 with the typed envelope naming the field, decided
 * in the gateway before anything is forwarded; authorisation still comes first.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class TypedCallBodiesTest {

    private static final String SOURCE = "{\"type\": \"tel\", \"target\": \"+14155551234\"}";
    private static final String DESTINATION = "{\"type\": \"tel\", \"target\": \"+821012345678\"}";

    private static ValidatableResponse send(String method, String path, String body) {
        return given().auth().oauth2(admin()).contentType(ContentType.JSON).body(body).request(method, path).then();
    }

    private static void refused(String method, String path, String body, String reason, String field, String why) {
        send(method, path, body).statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.reason", equalTo(reason)).body("error.request_id", org.hamcrest.Matchers.notNullValue())
                .body("error.details.field", hasItem(field))
                .body("error.details.find { it.field == '" + field + "' }.reason", equalTo(why));
    }

    private static String providerCall(String extra) {
        return "{\"provider_id\": \"" + UUID.randomUUID() + "\", \"source\": " + SOURCE + ", \"destinations\": ["
                + DESTINATION + "]" + extra + "}";
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        String unknown = "is not a known field";
        refused("POST", "/v1.0/providercalls", providerCall(", \"metadata\": {\"rtp_debug\": true}"),
                "INVALID_JSON_BODY", "metadata", unknown);
        refused("POST", "/v1.0/providercalls", "{\"provider_id\": \"" + UUID.randomUUID() + "\", \"source\": "
                + SOURCE + ", \"destinations\": [" + DESTINATION + ", {\"type\": \"tel\", \"target\": \"+1\", "
                + "\"port\": 5060}]}", "INVALID_JSON_BODY", "destinations[1].port", unknown);
        refused("POST", "/v1.0/groupcalls", "{\"source\": " + SOURCE + ", \"destinations\": [" + DESTINATION
                + "], \"metadata\": {\"route_provider_ids\": []}}", "INVALID_JSON_BODY", "metadata", unknown);
        refused("POST", "/v1.0/flows", "{\"name\": \"f\", \"actions\": [{\"type\": \"answer\", \"colour\": 1}]}",
                "INVALID_JSON_BODY", "actions[0].colour", unknown);
        refused("PUT", "/v1.0/flows/" + UUID.randomUUID(), "{\"name\": \"f\", \"persist\": false}",
                "INVALID_JSON_BODY", "persist", unknown);
    }

    @Test
    void wrongJsonTypesAreRefusedByName() {
        refused("POST", "/v1.0/providercalls", "{\"provider_id\": \"abc\"}", "INVALID_JSON_BODY", "provider_id",
                "must be a UUID string");
        refused("POST", "/v1.0/providercalls", providerCall(", \"anonymous\": 1"), "INVALID_JSON_BODY",
                "anonymous", "must be a string");
        refused("POST", "/v1.0/providercalls", providerCall(", \"actions\": {\"type\": \"answer\"}"),
                "INVALID_JSON_BODY", "actions", "must be an array");
        refused("POST", "/v1.0/groupcalls", "{\"source\": " + SOURCE + ", \"destinations\": " + DESTINATION + "}",
                "INVALID_JSON_BODY", "destinations", "must be an array");
        refused("POST", "/v1.0/groupcalls", "{\"source\": {\"type\": \"tel\", \"target\": 14155551234}}",
                "INVALID_JSON_BODY", "source.target", "must be a string");
        refused("POST", "/v1.0/flows", "{\"name\": 5}", "INVALID_JSON_BODY", "name", "must be a string");
        refused("POST", "/v1.0/flows", "{\"actions\": [{\"type\": true}]}", "INVALID_JSON_BODY", "actions[0].type",
                "must be a string");
        send("POST", "/v1.0/flows", "[]").statusCode(400).body("error.reason", equalTo("INVALID_JSON_BODY"));
    }

    @Test
    void missingAndOversizedFieldsAreFieldErrors() {
        refused("POST", "/v1.0/providercalls", "{\"source\": " + SOURCE + ", \"destinations\": [" + DESTINATION
                + "]}", "INVALID_ARGUMENT", "provider_id", "must not be null");
        refused("POST", "/v1.0/providercalls", "{\"provider_id\": \"" + UUID.randomUUID() + "\", \"source\": "
                + SOURCE + ", \"destinations\": [{\"type\": \"tel\"}]}", "INVALID_ARGUMENT", "destinations[0].target",
                "must not be blank");
        refused("POST", "/v1.0/providercalls", "{\"provider_id\": \"" + UUID.randomUUID() + "\", \"source\": "
                + SOURCE + ", \"destinations\": [" + (DESTINATION + ",").repeat(100) + DESTINATION + "]}",
                "INVALID_ARGUMENT", "destinations", "size must be between 0 and 100");
        refused("POST", "/v1.0/groupcalls", "{\"source\": {\"type\": \"\", \"target\": \"+14155551234\"}, "
                + "\"destinations\": [null]}", "INVALID_ARGUMENT", "source.type", "must not be blank");
        refused("POST", "/v1.0/groupcalls", "{\"source\": " + SOURCE + ", \"destinations\": [null]}",
                "INVALID_ARGUMENT", "destinations[0]", "must not be null");
        refused("POST", "/v1.0/flows", "{\"name\": \"" + "n".repeat(256) + "\"}", "INVALID_ARGUMENT", "name",
                "size must be between 0 and 255");
        send("POST", "/v1.0/flows", "").statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void identityInputsAreCheckedByBeanValidation() {
        refused("POST", "/v1.0/customers", "{\"name\": \"" + "n".repeat(256) + "\"}", "INVALID_ARGUMENT", "name",
                "must be at most 255 characters");
        refused("POST", "/v1.0/accesskeys", "{\"name\": \"k\", \"expire\": 0}", "INVALID_ARGUMENT", "expire",
                "seconds from now, 1 to 315360000");
        refused("POST", "/v1.0/agents", "{\"username\": \"u-typed\", \"password\": \"secret-pass-1\", \"detail\": \""
                + "d".repeat(2049) + "\"}", "INVALID_ARGUMENT", "detail", "must be at most 2048 characters");
    }

    @Test
    void theOpenApiDocumentDescribesTheTypedBodies() {
        io.restassured.path.json.JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().jsonPath();
        String ref = "paths.'%s'.%s.requestBody.content.'application/json'.schema.'$ref'";
        org.junit.jupiter.api.Assertions.assertEquals("#/components/schemas/ProviderCallInput",
                doc.getString(String.format(ref, "/v1.0/providercalls", "post")));
        org.junit.jupiter.api.Assertions.assertEquals("#/components/schemas/GroupcallInput",
                doc.getString(String.format(ref, "/v1.0/groupcalls", "post")));
        org.junit.jupiter.api.Assertions.assertEquals("#/components/schemas/FlowInput",
                doc.getString(String.format(ref, "/v1.0/flows/{id}", "put")));
        org.junit.jupiter.api.Assertions.assertNotNull(doc.get("components.schemas.ProviderCallInput.properties.provider_id"),
                String.valueOf(doc.getMap("components.schemas.ProviderCallInput")));
        org.junit.jupiter.api.Assertions.assertTrue(doc.getList("components.schemas.ProviderCallInput.required")
                .contains("provider_id"));
        org.junit.jupiter.api.Assertions.assertNotNull(
                doc.get("components.schemas.GroupcallInput.properties.ring_method"));
        org.junit.jupiter.api.Assertions.assertNotNull(
                doc.get("components.schemas.FlowInput.properties.on_complete_flow_id"));
        org.junit.jupiter.api.Assertions.assertNotNull(doc.get("components.schemas.AddressInput.properties.target_name"));
        org.junit.jupiter.api.Assertions.assertNotNull(
                doc.get("paths.'/v1.0/providercalls'.post.responses.'400'"), "the 400 is documented");
    }

    @Test
    void authorisationComesBeforeTheBody() {
        for (String path : new String[] {"/v1.0/providercalls", "/v1.0/groupcalls", "/v1.0/flows"}) {
            given().contentType(ContentType.JSON).body("{\"surprise\": 1}").post(path).then().statusCode(401);
        }
    }
}
