package io.provtest.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The chart in deploy/helm/provtest, rendered by Helm's own library (helm-java): nothing is downloaded. */
final class Chart {

    static final Path DIR = Path.of("helm", "provtest");
    static final String RELEASE = "provtest";
    static final String NAMESPACE = "provtest";
    /** The Kubernetes release the rendering is checked against (Helm's own default would be 1.20). */
    static final String KUBE_VERSION = "1.34.0";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Chart() {
    }

    /** {@code helm template provtest helm/provtest --namespace provtest --set k=v ...}; throws when Helm refuses. */
    static String template(Map<String, Object> sets) {
        TemplateCommand command = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        sets.forEach(command::set);
        return command.call();
    }

    static LintResult lint() {
        return new Helm(DIR).lint().strict().call();
    }

    static List<JsonNode> render(Map<String, Object> sets) {
        return parse(template(sets));
    }

    static List<JsonNode> render() {
        return render(Map.of());
    }

    static List<JsonNode> parse(String manifests) {
        try {
            List<JsonNode> objects = new ArrayList<>();
            for (JsonNode node : YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifests).readAll()) {
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    objects.add(node);
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> sets(Object... keyValues) {
        Map<String, Object> sets = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            sets.put((String) keyValues[i], keyValues[i + 1]);
        }
        return sets;
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).collect(Collectors.toList());
    }

    static JsonNode named(List<JsonNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in "
                        + objects.stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name")
                        .asText()).collect(Collectors.joining(", "))));
    }

    /** Every pod template of the rendering (Deployments and the StatefulSet). */
    static List<JsonNode> podTemplates(List<JsonNode> objects) {
        List<JsonNode> pods = new ArrayList<>();
        for (JsonNode o : objects) {
            if (o.path("spec").has("template")) {
                pods.add(o.path("spec").path("template"));
            }
        }
        return pods;
    }

    /** The container's environment, name to the node holding value or valueFrom. */
    static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }
}
