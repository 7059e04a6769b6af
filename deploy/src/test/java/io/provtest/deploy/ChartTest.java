package io.provtest.deploy;

import static io.provtest.deploy.Chart.env;
import static io.provtest.deploy.Chart.named;
import static io.provtest.deploy.Chart.ofKind;
import static io.provtest.deploy.Chart.podTemplates;
import static io.provtest.deploy.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the chart renders with its default values and with three replicas of everything. */
class ChartTest {

    private static final List<JsonNode> DEFAULTS = Chart.render();
    private static final String STATELESS_NAMES = "provtest-api-gateway,provtest-flow-manager,provtest-route-manager";

    @Test
    void helmLintStrictFindsNothing() {
        LintResult lint = Chart.lint();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @Test
    void theStatelessServicesAreDeploymentsAndCallManagerIsAStatefulSet() {
        assertEquals(STATELESS_NAMES, names(ofKind(DEFAULTS, "Deployment")));
        assertEquals("provtest-call-manager", names(ofKind(DEFAULTS, "StatefulSet")));
        assertEquals(STATELESS_NAMES, names(ofKind(DEFAULTS, "HorizontalPodAutoscaler")));
        String all = "provtest-api-gateway,provtest-call-manager,provtest-flow-manager,provtest-route-manager";
        assertEquals(all, names(ofKind(DEFAULTS, "PodDisruptionBudget")));
        assertEquals(all, names(ofKind(DEFAULTS, "NetworkPolicy")));
        assertEquals(all, names(ofKind(DEFAULTS, "ConfigMap")));
        assertEquals(all, names(ofKind(DEFAULTS, "Service")));
        assertEquals("provtest", names(ofKind(DEFAULTS, "ServiceAccount")));
        assertEquals(Set.of("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "NetworkPolicy",
                "PodDisruptionBudget", "Service", "ServiceAccount", "StatefulSet"), kinds(DEFAULTS));
    }

    @Test
    void everyContainerHasTheThreeHealthProbesResourcesAndRunsAsNonRoot() {
        List<JsonNode> pods = podTemplates(DEFAULTS);
        assertEquals(4, pods.size());
        for (JsonNode pod : pods) {
            JsonNode container = pod.path("spec").path("containers").get(0);
            String which = container.path("name").asText();
            assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText(), which);
            assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText(), which);
            assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText(), which);
            assertEquals("http", container.at("/readinessProbe/httpGet/port").asText(), which);
            assertFalse(container.at("/resources/requests/memory").asText().isEmpty(), which);
            assertFalse(container.at("/resources/limits/memory").asText().isEmpty(), which);
            assertTrue(pod.at("/spec/securityContext/runAsNonRoot").asBoolean(), which);
            assertEquals(185, pod.at("/spec/securityContext/runAsUser").asInt(), which);
            assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true), which);
            assertEquals("true", pod.at("/metadata/annotations/prometheus.io~1scrape").asText(), which);
            assertEquals("/q/metrics", pod.at("/metadata/annotations/prometheus.io~1path").asText(), which);
            assertEquals(container.at("/ports/0/containerPort").asText(),
                    pod.at("/metadata/annotations/prometheus.io~1port").asText(), which);
            assertTrue(pod.at("/spec/terminationGracePeriodSeconds").asInt() > 0, which);
        }
    }

    @Test
    void everyServiceReadsTheDatabaseAndBrokerSettingsItsApplicationPropertiesName() {
        for (JsonNode map : ofKind(DEFAULTS, "ConfigMap")) {
            Set<String> keys = new TreeSet<>();
            map.path("data").fieldNames().forEachRemaining(keys::add);
            for (String key : List.of("DB_HOST", "DB_PORT", "DB_NAME", "BROKER_HOST", "BROKER_PORT",
                    "BROKER_VIRTUAL_HOST", "BROKER_QUEUE_TYPE", "QUARKUS_HTTP_PORT")) {
                assertTrue(keys.contains(key), map.at("/metadata/name").asText() + " lacks " + key);
            }
        }
        for (JsonNode pod : podTemplates(DEFAULTS)) {
            JsonNode container = pod.path("spec").path("containers").get(0);
            assertEquals(container.at("/envFrom/0/configMapRef/name").asText(),
                    "provtest-" + container.path("name").asText());
            Map<String, JsonNode> env = env(container);
            for (String secret : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "BROKER_USERNAME",
                    "BROKER_PASSWORD")) {
                assertTrue(env.containsKey(secret), container.path("name").asText() + " lacks " + secret);
            }
        }
    }

    @Test
    void credentialsAreReferencedFromExistingSecretsAndNeverInlined() {
        assertTrue(ofKind(DEFAULTS, "Secret").isEmpty(), "the chart creates no Secret: it holds no secret value");
        Map<String, JsonNode> gateway = env(named(DEFAULTS, "Deployment", "provtest-api-gateway")
                .at("/spec/template/spec/containers/0"));
        assertEquals("provtest-jwt", gateway.get("JWT_SECRET").at("/valueFrom/secretKeyRef/name").asText());
        assertFalse(gateway.containsKey("BOOTSTRAP_ADMIN_PASSWORD"), "generated at first start unless a Secret is named");
        JsonNode webhookKey = gateway.get("WEBHOOK_SECRET_KEY");
        assertEquals("provtest-webhook", webhookKey.at("/valueFrom/secretKeyRef/name").asText());
        assertEquals("webhook-secret-key", webhookKey.at("/valueFrom/secretKeyRef/key").asText());
        Map<String, JsonNode> derived = env(named(Chart.render(sets("gateway.webhook.secretKey.existingSecret", "")),
                "Deployment", "provtest-api-gateway").at("/spec/template/spec/containers/0"));
        assertFalse(derived.containsKey("WEBHOOK_SECRET_KEY"), "no Secret named: the key is derived from JWT_SECRET");
        for (JsonNode pod : podTemplates(DEFAULTS)) {
            for (JsonNode e : pod.at("/spec/containers/0/env")) {
                String name = e.path("name").asText();
                if (name.matches(".*(PASSWORD|SECRET|USERNAME).*")) {
                    assertFalse(e.has("value"), name + " is inlined");
                    assertTrue(e.at("/valueFrom/secretKeyRef/name").isTextual(), name + " is not from a Secret");
                }
            }
        }
        for (JsonNode map : ofKind(DEFAULTS, "ConfigMap")) {
            map.path("data").fieldNames().forEachRemaining(key ->
                    assertFalse(key.matches(".*(PASSWORD|SECRET).*"), key + " in a ConfigMap"));
        }
        Map<String, JsonNode> withAdmin = env(named(Chart.render(sets("bootstrapAdmin.existingSecret", "provtest-admin")),
                "Deployment", "provtest-api-gateway").at("/spec/template/spec/containers/0"));
        assertEquals("provtest-admin",
                withAdmin.get("BOOTSTRAP_ADMIN_PASSWORD").at("/valueFrom/secretKeyRef/name").asText());
    }

    @Test
    void callManagerTakesItsInstanceIdFromThePodName() {
        JsonNode statefulSet = named(DEFAULTS, "StatefulSet", "provtest-call-manager");
        Map<String, JsonNode> env = env(statefulSet.at("/spec/template/spec/containers/0"));
        // call-manager derives its id from POD_NAME (instance/InstanceIdentity): nothing else is configured
        assertEquals("metadata.name", env.get("POD_NAME").at("/valueFrom/fieldRef/fieldPath").asText());
        assertFalse(env.containsKey("CALL_INSTANCE_ID"));
        assertFalse(named(DEFAULTS, "ConfigMap", "provtest-call-manager").at("/data").has("CALL_INSTANCE_ID"));
        assertEquals("status.podIP", env.get("SIP_HOST").at("/valueFrom/fieldRef/fieldPath").asText());
        assertEquals("provtest-call-manager", statefulSet.at("/spec/serviceName").asText());
        assertTrue(named(DEFAULTS, "Service", "provtest-call-manager").at("/spec/clusterIP").asText().equals("None"));
        assertTrue(statefulSet.at("/spec/template/spec/hostNetwork").asBoolean());
        assertEquals("kubernetes.io/hostname", statefulSet.at(
                "/spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/topologyKey")
                .asText(), "on the host network one call-manager per node");
    }

    @Test
    void quorumQueuesAreOnByDefaultAndClassicOnRequest() {
        for (JsonNode map : ofKind(DEFAULTS, "ConfigMap")) {
            assertEquals("quorum", map.at("/data/BROKER_QUEUE_TYPE").asText());
        }
        for (JsonNode map : ofKind(Chart.render(sets("broker.queueType", "classic")), "ConfigMap")) {
            assertEquals("classic", map.at("/data/BROKER_QUEUE_TYPE").asText());
        }
    }

    @Test
    void imagesAreTaggedWithTheChartsAppVersionWhichIsTheServicesVersion() throws IOException {
        String appVersion = Chart.YAML.readTree(Chart.DIR.resolve("Chart.yaml").toFile()).path("appVersion").asText();
        assertEquals(System.getProperty("project.version"), appVersion, "the Jib build tags images with the Maven version");
        for (JsonNode pod : podTemplates(DEFAULTS)) {
            String image = pod.at("/spec/containers/0/image").asText();
            assertTrue(image.matches("provtest/[a-z-]+:" + appVersion.replace(".", "\\.")), image);
            assertFalse(image.toLowerCase().contains("latest"), image);
        }
        String pinned = Chart.render(sets("image.registry", "registry.example.net/voice", "image.tag", "1.2.3"))
                .stream().filter(o -> o.path("kind").asText().equals("StatefulSet")).findFirst().orElseThrow()
                .at("/spec/template/spec/containers/0/image").asText();
        assertEquals("registry.example.net/voice/provtest/call-manager:1.2.3", pinned);
        assertTrue(Files.exists(Chart.DIR.resolve("values.schema.json")));
    }

    @Test
    void threeReplicasOfEverything() {
        List<JsonNode> three = Chart.render(sets("gateway.replicas", 3, "routeManager.replicas", 3,
                "flowManager.replicas", 3, "callManager.replicas", 3));
        assertEquals(3, named(three, "StatefulSet", "provtest-call-manager").at("/spec/replicas").asInt());
        for (JsonNode hpa : ofKind(three, "HorizontalPodAutoscaler")) {
            assertEquals(3, hpa.at("/spec/minReplicas").asInt(), hpa.at("/metadata/name").asText());
        }
        for (JsonNode deployment : ofKind(three, "Deployment")) {
            assertTrue(deployment.at("/spec/replicas").isMissingNode(), "the autoscaler owns the count");
        }
        List<JsonNode> fixed = Chart.render(sets("gateway.replicas", 3, "gateway.autoscaling.enabled", false,
                "callManager.replicas", 3, "callManager.hostNetwork", false));
        assertEquals(3, named(fixed, "Deployment", "provtest-api-gateway").at("/spec/replicas").asInt());
        assertEquals(2, ofKind(fixed, "HorizontalPodAutoscaler").size());
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            JsonNode sip = named(fixed, "Service", "provtest-call-manager-" + ordinal + "-sip");
            assertEquals("provtest-call-manager-" + ordinal,
                    sip.at("/spec/selector/statefulset.kubernetes.io~1pod-name").asText());
            List<String> ports = new ArrayList<>();
            sip.at("/spec/ports").forEach(p -> ports.add(p.path("protocol").asText() + "/" + p.path("port").asInt()));
            assertEquals(List.of("UDP/5080", "TCP/5080", "UDP/20000", "UDP/20002"), ports.subList(0, 4));
            assertEquals("UDP/20998", ports.get(ports.size() - 1), "every even port of the RTP range");
            assertEquals(2 + 500, ports.size());
        }
        assertFalse(named(fixed, "StatefulSet", "provtest-call-manager").at("/spec/template/spec/hostNetwork")
                .asBoolean(false));
    }

    @Test
    void onlyTheGatewayIsReachableFromOutsideAndSipRtpOnlyFromCarrierNetworks() {
        List<JsonNode> objects = Chart.render(sets("networkPolicy.carrierCidrs[0]", "198.51.100.0/24"));
        JsonNode gateway = named(objects, "NetworkPolicy", "provtest-api-gateway");
        assertTrue(gateway.at("/spec/ingress/0/from").isMissingNode(), "anyone may reach the gateway's HTTP port");
        for (String internal : List.of("provtest-route-manager", "provtest-flow-manager", "provtest-call-manager")) {
            JsonNode policy = named(objects, "NetworkPolicy", internal);
            assertEquals("monitoring", policy.at(
                    "/spec/ingress/0/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText(), internal);
        }
        JsonNode carriers = named(objects, "NetworkPolicy", "provtest-call-manager").at("/spec/ingress/1");
        assertEquals("198.51.100.0/24", carriers.at("/from/0/ipBlock/cidr").asText());
        assertEquals(20000, carriers.at("/ports/2/port").asInt());
        assertEquals(20998, carriers.at("/ports/2/endPort").asInt());
        for (JsonNode service : ofKind(objects, "Service")) {
            assertEquals(service.at("/metadata/name").asText().equals("provtest-call-manager") ? "None" : "",
                    service.at("/spec/clusterIP").asText(""), "ClusterIP services only");
            assertFalse(service.at("/spec/type").asText("").matches("LoadBalancer|NodePort"));
        }
    }

    private static String names(List<JsonNode> objects) {
        return objects.stream().map(o -> o.at("/metadata/name").asText()).sorted().collect(Collectors.joining(","));
    }

    private static Set<String> kinds(List<JsonNode> objects) {
        return objects.stream().map(o -> o.path("kind").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everySettingOfTheServicesConfigMappingsCanBeSetFromValues() {
        Map<String, List<String>> expected = Map.of(
                "provtest-api-gateway", List.of("WEBHOOK_ALLOWED_HOSTS", "WEBHOOK_SENDERS", "WEBHOOK_CONNECT_TIMEOUT",
                        "WEBHOOK_REQUEST_TIMEOUT", "WEBHOOK_FIRST_RETRY", "WEBHOOK_MAX_RETRY_INTERVAL",
                        "WEBHOOK_GIVE_UP_AFTER", "WEBHOOK_POLL_INTERVAL", "WEBHOOK_CLAIM_LEASE", "WEBHOOK_RETENTION",
                        "GATEWAY_RPC_TIMEOUT", "GATEWAY_JWT_LIFETIME", "GATEWAY_JWT_ISSUER", "GATEWAY_JWT_AUDIENCE",
                        "GATEWAY_LOGIN_MAX_FAILURES_PER_USERNAME", "GATEWAY_LOGIN_WINDOW", "RPC_SERVER_WORKERS",
                        "GATEWAY_REQUEST_RATE_PER_SECOND", "SIP_ALLOWED_HOSTS"),
                "provtest-route-manager", List.of("BILLING_CURRENCY", "HEALTH_FAILURES_TO_UNHEALTHY",
                        "HEALTH_SUCCESSES_TO_HEALTHY", "HEALTH_ALIVE_CODES", "RPC_DEFAULT_TIMEOUT",
                        "PROVIDERCALL_STALE_PENDING", "PROVIDERCALL_RECONCILE_INTERVAL", "PROVIDERCALL_STALE_SERVING"),
                "provtest-flow-manager", List.of("FLOW_TEMP_LIFETIME", "FLOW_MAX_PERSISTED_PER_CUSTOMER",
                        "FLOW_PURGE_INTERVAL", "RPC_SERVER_PREFETCH", "PLAY_ALLOWED_HOSTS"),
                "provtest-call-manager", List.of("CALL_DRAIN_TIMEOUT", "CALL_LEASE_TTL", "CALL_LEASE_HEARTBEAT_INTERVAL",
                        "CALL_DIAL_TIMEOUT", "CALL_ENGINE_THREADS", "CALL_ADMISSION_MAX_CALLS_SETTING_UP",
                        "SIP_ALLOWED_HOSTS", "SIP_RESOLVE_TIMEOUT", "SIP_WARMUP_CALLS", "PROBE_INTERVAL",
                        "PLAY_MAX_BYTES",
                        "RECORDING_RETENTION", "RECORDING_SPEECH_MIN_MODULATION_DB", "REPORT_HIGH_POST_DIAL_DELAY_MS",
                        "OUTBOUND_CALLS_PER_SECOND", "OUTBOUND_PLATFORM_MAX_CONCURRENT_CALLS", "FLOW_MAX_STEPS",
                        "TTS_TIMEOUT", "BROKER_RECOVERY_INTERVAL"));
        expected.forEach((map, keys) -> {
            JsonNode data = named(DEFAULTS, "ConfigMap", map).path("data");
            keys.forEach(key -> assertTrue(data.has(key), map + " lacks " + key));
        });
        JsonNode gateway = named(DEFAULTS, "ConfigMap", "provtest-api-gateway").path("data");
        assertEquals("4", gateway.path("RPC_SERVER_WORKERS").asText(), "the gateway's own worker count, not another's");
        assertEquals("24h", gateway.path("WEBHOOK_GIVE_UP_AFTER").asText());
        JsonNode calls = named(DEFAULTS, "ConfigMap", "provtest-call-manager").path("data");
        assertEquals("10485760", calls.path("PLAY_MAX_BYTES").asText(), "large numbers are not rendered as 1.048576e+07");
        assertEquals("90s", calls.path("CALL_DRAIN_TIMEOUT").asText());
        assertEquals("10m", named(DEFAULTS, "ConfigMap", "provtest-route-manager")
                .at("/data/PROVIDERCALL_STALE_SERVING").asText());
        assertEquals("30s", named(DEFAULTS, "ConfigMap", "provtest-route-manager")
                .at("/data/PROVIDERCALL_STALE_PENDING").asText(), "twice the gateway's deadline (15 s)");

        List<JsonNode> set = Chart.render(sets("routeManager.billing.currency", "EUR", "gateway.webhook.senders", 32,
                "callManager.drainTimeoutSeconds", 200, "callManager.terminationGracePeriodSeconds", 240,
                "routeManager.providercall.staleServing", "20m", "addressRules.sipAllowedHosts", "carrier.example.net",
                "gateway.rpcTimeout", "40s", "routeManager.providercall.stalePending", "1m"));
        assertEquals("20m", named(set, "ConfigMap", "provtest-route-manager")
                .at("/data/PROVIDERCALL_STALE_SERVING").asText());
        assertEquals("1m", named(set, "ConfigMap", "provtest-route-manager")
                .at("/data/PROVIDERCALL_STALE_PENDING").asText(), "1 min exceeds a 40 s deadline: accepted");
        for (String service : List.of("provtest-api-gateway", "provtest-call-manager")) {
            assertEquals("carrier.example.net", named(set, "ConfigMap", service).at("/data/SIP_ALLOWED_HOSTS").asText(),
                    "one address rule for every service that applies it: " + service);
        }
        assertEquals("EUR", named(set, "ConfigMap", "provtest-route-manager").at("/data/BILLING_CURRENCY").asText());
        assertEquals("32", named(set, "ConfigMap", "provtest-api-gateway").at("/data/WEBHOOK_SENDERS").asText());
        assertEquals("200s", named(set, "ConfigMap", "provtest-call-manager").at("/data/CALL_DRAIN_TIMEOUT").asText());
        assertEquals(240, named(set, "StatefulSet", "provtest-call-manager")
                .at("/spec/template/spec/terminationGracePeriodSeconds").asInt());
    }

    /** What the chart leaves unset on purpose, with the reason; everything else a service reads it must carry. */
    private static final Map<String, String> NOT_FROM_THE_CHART = Map.of(
            "CALL_INSTANCE_ID", "derived from POD_NAME, the StatefulSet's stable pod name",
            "RPC_SERVER_INSTANCE_QUEUE", "named from the instance id by call-manager's application.properties",
            "RPC_SERVICE_NAME", "fixed per service by its application.properties",
            "RPC_SERVER_ENABLED", "off only in clients that serve nothing (the bench)",
            "PROBE_ALLOW_FAST", "tests only: probes more often than every 10 s",
            "BILLING_PROVIDERCALL_PREFLIGHT", "benchmarks only (bench/preflight.sh): a deployment never skips the"
                    + " pre-flight");

    @Test
    void everySettingTheServicesReadIsCarriedByTheChart() {
        // with the optional ones switched on: they are set only when a value asks for them
        List<JsonNode> rendered = Chart.render(sets("bootstrapAdmin.existingSecret", "provtest-admin",
                "callManager.sip.advertisedHost", "203.0.113.7"));
        Map<String, String> modules = Map.of("api-gateway", "Deployment", "route-manager", "Deployment",
                "flow-manager", "Deployment", "call-manager", "StatefulSet");
        modules.forEach((module, kind) -> {
            Set<String> carried = new TreeSet<>();
            named(rendered, "ConfigMap", "provtest-" + module).path("data").fieldNames()
                    .forEachRemaining(carried::add);
            carried.addAll(env(named(rendered, kind, "provtest-" + module).at("/spec/template/spec/containers/0"))
                    .keySet());
            Set<String> read = ServiceSettings.of(module);
            assertTrue(read.contains("BROKER_HOST") && read.size() > 10, module + " settings found: " + read);
            Set<String> missing = new TreeSet<>(read);
            missing.removeAll(carried);
            missing.removeAll(NOT_FROM_THE_CHART.keySet());
            assertEquals(Set.of(), missing, module + " reads settings the chart does not set (add them to values.yaml,"
                    + " values.schema.json, the templates and deploy/README.md, or to NOT_FROM_THE_CHART with a reason)");
        });
        assertTrue(ServiceSettings.of("route-manager").contains("PROVIDERCALL_STALE_SERVING"));
        assertTrue(ServiceSettings.of("api-gateway").containsAll(List.of("WEBHOOK_SECRET_KEY", "JWT_SECRET",
                "PROVTEST_STATE_DIR", "GATEWAY_LOGIN_WINDOW", "GATEWAY_JWT_ISSUER", "SIP_ALLOWED_HOSTS")));
        assertFalse(ServiceSettings.of("route-manager").contains("SIP_ALLOWED_HOSTS"), "only where a service reads it");
    }

    @Test
    void callManagerRunsTheParallelCollectorAfterTheGlobalJvmOptionsAndTheOthersOnlyThoseOptions() {
        assertEquals("-XX:MaxRAMPercentage=50 -XX:+UseParallelGC", named(DEFAULTS, "ConfigMap", "provtest-call-manager")
                .at("/data/JAVA_TOOL_OPTIONS").asText());
        assertEquals("-XX:MaxRAMPercentage=50", named(DEFAULTS, "ConfigMap", "provtest-api-gateway")
                .at("/data/JAVA_TOOL_OPTIONS").asText());
        List<JsonNode> withOptions = Chart.render(sets("javaToolOptions", "-Xss512k", "heapPercentage", 60,
                "callManager.javaToolOptions", "-XX:+UseG1GC"));
        assertEquals("-XX:MaxRAMPercentage=60 -Xss512k -XX:+UseG1GC", named(withOptions, "ConfigMap",
                "provtest-call-manager").at("/data/JAVA_TOOL_OPTIONS").asText());
        assertEquals("-XX:MaxRAMPercentage=60 -Xss512k", named(withOptions, "ConfigMap", "provtest-route-manager")
                .at("/data/JAVA_TOOL_OPTIONS").asText());
        // two collectors would keep the JVM from starting: one chosen for every service wins
        assertEquals("-XX:MaxRAMPercentage=50 -XX:+UseG1GC -Xss512k", named(Chart.render(sets("javaToolOptions",
                        "-XX:+UseG1GC -Xss512k")), "ConfigMap", "provtest-call-manager").at("/data/JAVA_TOOL_OPTIONS")
                .asText());
    }

    @Test
    void callManagersDrainFitsInsideItsTerminationGracePeriod() {
        JsonNode statefulSet = named(DEFAULTS, "StatefulSet", "provtest-call-manager");
        int grace = statefulSet.at("/spec/template/spec/terminationGracePeriodSeconds").asInt();
        String drain = named(DEFAULTS, "ConfigMap", "provtest-call-manager").at("/data/CALL_DRAIN_TIMEOUT").asText();
        assertTrue(Integer.parseInt(drain.replace("s", "")) + 15 <= grace, drain + " within " + grace + " s");
    }
}
