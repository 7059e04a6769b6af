package io.provtest.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document describes every operation: an id, a credential requirement (only the login has none), error
 * responses with the envelope, and typed bodies. It is also written to target/openapi.json for a linter.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class OpenApiDocumentTest {

    @Test
    void everyOperationIsDescribed() throws Exception {
        String text = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        Files.writeString(Path.of("target/openapi.json"), text);
        JsonNode doc = new ObjectMapper().readTree(text);
        assertTrue(doc.path("servers").size() > 0, "servers");
        assertEquals(4, doc.path("components").path("securitySchemes").size());
        assertTrue(doc.path("security").size() > 0, "a document-wide credential requirement");
        assertNotNull(doc.at("/components/schemas/ErrorEnvelope").get("properties"));

        Set<String> ids = new HashSet<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String name = op.getKey() + " " + path.getKey();
                JsonNode operation = op.getValue();
                operations++;
                assertTrue(ids.add(operation.path("operationId").asText()), "a unique operationId: " + name);
                assertFalse(operation.path("operationId").asText().isEmpty(), name);
                assertTrue(operation.path("responses").has("401"), name);
                boolean any4xxWithEnvelope = false;
                for (Iterator<String> codes = operation.path("responses").fieldNames(); codes.hasNext(); ) {
                    String code = codes.next();
                    any4xxWithEnvelope |= code.startsWith("4")
                            && operation.path("responses").path(code).path("$ref").asText().startsWith("#/components/responses/");
                }
                assertTrue(any4xxWithEnvelope, name);
                if (path.getKey().equals("/auth/login")) {
                    assertEquals(0, operation.path("security").size(), "the login needs no credential");
                    assertTrue(operation.path("responses").has("429"));
                } else {
                    assertEquals("#/components/responses/RateLimited",
                            operation.at("/responses/429/$ref").asText(), "the request rate: " + name);
                }
                JsonNode ok = operation.at("/responses/200/content/application~1json/schema");
                assertFalse(ok.isMissingNode(), "a 200 schema: " + name);
            }
        }
        assertTrue(operations > 40, "operations: " + operations);
        assertEquals("#/components/schemas/ProviderInput",
                doc.at("/paths/~1v1.0~1providers/post/requestBody/content/application~1json/schema/$ref").asText());
        assertTrue(doc.at("/components/schemas/Customer/properties").has("tm_create"), "wire names (snake_case)");
        // every reference resolves (redocly's no-unresolved-refs): an action's any-JSON option once named a
        // JsonNode schema the filter removes
        List<String> unresolved = new ArrayList<>();
        refs(doc, doc, unresolved);
        assertEquals(List.of(), unresolved, "references to nothing");
        assertEquals("object", doc.at("/components/schemas/ActionInput/properties/option/type").asText());
    }

    private static void refs(JsonNode doc, JsonNode node, List<String> unresolved) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#")
                    && doc.at(ref.asText().substring(1)).isMissingNode()) {
                unresolved.add(ref.asText());
            }
        }
        node.forEach(child -> refs(doc, child, unresolved));
    }
}
