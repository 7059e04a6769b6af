package io.provtest.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/provtest.yaml is the chart rendered with its default values, for people without Helm. It must not
 * drift from the chart: regenerate it with
 * {@code ./mvnw -o -pl deploy test -Dtest=PlainManifestsTest -Dregenerate=true}.
 */
class PlainManifestsTest {

    static final Path FILE = Path.of("kubernetes", "provtest.yaml");
    static final String HEADER = """
            # Rendered from deploy/helm/provtest with its default values: helm template provtest deploy/helm/provtest \\
            #   --namespace provtest. Do not edit; change the chart, then regenerate with
            #   ./mvnw -o -pl deploy test -Dtest=PlainManifestsTest -Dregenerate=true
            # Before applying, create the Secrets and set the database and broker hosts (deploy/README.md).
            """;

    @Test
    void theManifestsAreTheChartsDefaultRendering() throws Exception {
        String rendered = HEADER + Chart.template(Map.of());
        if (Boolean.parseBoolean(System.getProperty("regenerate"))) {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, rendered, StandardCharsets.UTF_8);
        }
        assertEquals(rendered, Files.readString(FILE, StandardCharsets.UTF_8),
                "deploy/kubernetes/provtest.yaml differs from the chart; regenerate it (see this test's comment)");
    }
}
