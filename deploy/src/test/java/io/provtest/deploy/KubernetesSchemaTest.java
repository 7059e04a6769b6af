package io.provtest.deploy;

import static io.provtest.deploy.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered object against the Kubernetes API of release 1.34, offline: the official Kubernetes Java client's
 * models (io.kubernetes:client-java-api 25.0.0) are generated from Kubernetes' OpenAPI document together with a
 * validator per type, which refuses unknown fields, missing required fields and objects where a scalar belongs
 * (and the other way round), recursively; reading the object into the model then refuses values of the wrong type.
 */
class KubernetesSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Map<String, Object>> renderings() {
        return Stream.of(Map.of(),
                sets("gateway.replicas", 3, "routeManager.replicas", 3, "flowManager.replicas", 3,
                        "callManager.replicas", 3),
                sets("callManager.hostNetwork", false, "callManager.sipService.type", "LoadBalancer",
                        "gateway.autoscaling.enabled", false, "gateway.ingress.enabled", true,
                        "gateway.ingress.host", "api.example.net", "gateway.ingress.tlsSecretName", "api-tls",
                        "bootstrapAdmin.existingSecret", "provtest-admin", "networkPolicy.gatewayFrom[0]", "203.0.113.0/24",
                        "callManager.sip.advertisedHost", "$(POD_NAME).sip.example.net"));
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyRenderedObjectIsValidKubernetes(Map<String, Object> values) throws Exception {
        List<JsonNode> objects = Chart.render(values);
        assertTrue(objects.size() > 20);
        for (JsonNode object : objects) {
            validate(object);
        }
    }

    @Test
    void theValidatorRefusesAnUnknownFieldAMissingRequiredFieldAndAWrongType() throws Exception {
        JsonNode deployment = Chart.ofKind(Chart.render(), "Deployment").get(0);
        validate(deployment);

        ObjectNode typo = deployment.deepCopy();
        ((ObjectNode) typo.path("spec")).put("replica", 2);
        assertRefused(typo, "replica");

        ObjectNode noContainers = deployment.deepCopy();
        ((ObjectNode) noContainers.at("/spec/template/spec")).remove("containers");
        assertRefused(noContainers, "containers");

        ObjectNode wrongType = deployment.deepCopy();
        ((ObjectNode) wrongType.path("spec")).put("revisionHistoryLimit", "five");
        assertRefused(wrongType, "five");

        ObjectNode scalarForObject = deployment.deepCopy();
        ((ObjectNode) scalarForObject.at("/spec/template/spec")).put("securityContext", "restricted");
        assertRefused(scalarForObject, "restricted");
    }

    private static void assertRefused(JsonNode object, String naming) {
        Exception refused = assertThrows(Exception.class, () -> validate(object));
        assertTrue(String.valueOf(refused.getMessage()).contains(naming), refused.getMessage());
    }

    /** apps/v1 Deployment -> V1Deployment, autoscaling/v2 HorizontalPodAutoscaler -> V2HorizontalPodAutoscaler. */
    static String modelClass(String apiVersion, String kind) {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return "io.kubernetes.client.openapi.models." + Character.toUpperCase(version.charAt(0)) + version.substring(1)
                + kind;
    }

    static void validate(JsonNode object) throws Exception {
        String name = object.path("kind").asText() + " " + object.at("/metadata/name").asText();
        Class<?> model;
        try {
            model = Class.forName(modelClass(object.path("apiVersion").asText(), object.path("kind").asText()));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name + ": no such type in the Kubernetes API (" + object.path("apiVersion") + ")");
        }
        JsonElement json = JsonParser.parseString(JSON.writeValueAsString(object));
        Method validate = model.getMethod("validateJsonElement", JsonElement.class);
        try {
            validate.invoke(null, json);
            Object read = io.kubernetes.client.openapi.JSON.getGson().fromJson(json, model);
            assertEquals(model, read.getClass());
        } catch (InvocationTargetException e) {
            throw new Exception(name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (RuntimeException e) {
            throw new Exception(name + ": " + e.getMessage(), e);
        }
    }
}
