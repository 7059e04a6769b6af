package io.provtest.e2e;

import io.provtest.testing.LocalInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four packaged services started as processes, once per test JVM, on their own ports, the test database and
 * the test vhost. Each service cleans its own schema at start, so every run begins empty.
 */
public final class SystemUnderTest {

    public static final String ADMIN_PASSWORD = "e2e-admin-password";
    public static final int GATEWAY_PORT = 18080;
    public static final String CALL_MANAGER_INSTANCE = "cm-e2e";
    /** An override with this value removes the variable from a launched service's environment. */
    private static final String UNSET = "";
    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();

    static {
        PORTS.put("route-manager", 18091);
        PORTS.put("flow-manager", 18093);
        PORTS.put("call-manager", 18092);
        PORTS.put("api-gateway", GATEWAY_PORT);
    }

    private static SystemUnderTest instance;

    private final Path root;
    private final Path logs;
    private final List<Process> processes = new ArrayList<>();

    private SystemUnderTest(Path root) {
        this.root = root;
        this.logs = root.resolve("e2e-tests/target/e2e-logs");
    }

    public static synchronized SystemUnderTest get() {
        if (instance == null) {
            String rootProperty = System.getProperty("project.root", "..");
            instance = new SystemUnderTest(Path.of(rootProperty).toAbsolutePath().normalize());
            instance.start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    public String gateway() {
        return "http://127.0.0.1:" + GATEWAY_PORT;
    }

    public Path log(String service) {
        return logs.resolve(service + ".log");
    }

    private void start() {
        try {
            Files.createDirectories(logs);
            for (String service : PORTS.keySet()) {
                Files.deleteIfExists(log(service));
            }
            for (Map.Entry<String, Integer> service : PORTS.entrySet()) {
                processes.add(launch(service.getKey(), service.getKey(), service.getValue(), true, Map.of()));
            }
            for (Map.Entry<String, Integer> service : PORTS.entrySet()) {
                awaitReady(service.getKey(), service.getValue());
            }
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("could not start the services", e);
        }
    }

    /**
     * One more call-manager instance beside the one the suite always runs: its own instance id, HTTP, SIP and RTP
     * ports and log, the same database (not cleaned) and broker. It serves the shared request queue too.
     */
    public Process startCallManager(String instanceId, int httpPort, int sipPort, int rtpPortMin) {
        return startCallManager(instanceId, httpPort, sipPort, rtpPortMin, Map.of());
    }

    /** The same with settings of its own ({@code settings}: environment variables, e.g. outbound limits). */
    public Process startCallManager(String instanceId, int httpPort, int sipPort, int rtpPortMin,
                                    Map<String, String> settings) {
        try {
            Map<String, String> env = new java.util.HashMap<>(settings);
            env.putAll(Map.of("CALL_INSTANCE_ID", instanceId, "SIP_PORT", String.valueOf(sipPort),
                    "RTP_PORT_MIN", String.valueOf(rtpPortMin), "RTP_PORT_MAX", String.valueOf(rtpPortMin + 998)));
            Process p = launch("call-manager", "call-manager-" + instanceId, httpPort, false, env);
            awaitReady("call-manager-" + instanceId, httpPort);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("could not start call-manager " + instanceId, e);
        }
    }

    /**
     * One more call-manager instance started as a replica is in production: without an instance id, so it derives its
     * own ({@code call-manager/instance/InstanceIdentity}). {@code settings} are added to its environment. Returns the
     * process once ready; its id is in its log ({@link #instanceIdOf(String)}).
     */
    public Process startCallManagerWithoutId(String logName, int httpPort, int sipPort, int rtpPortMin,
                                             Map<String, String> settings) {
        try {
            Map<String, String> overrides = new LinkedHashMap<>(settings);
            overrides.put("CALL_INSTANCE_ID", UNSET);
            overrides.put("SIP_PORT", String.valueOf(sipPort));
            overrides.put("RTP_PORT_MIN", String.valueOf(rtpPortMin));
            overrides.put("RTP_PORT_MAX", String.valueOf(rtpPortMin + 998));
            Files.deleteIfExists(log(logName)); // its id is read from this log: no earlier run's in it
            Process p = launch("call-manager", logName, httpPort, false, overrides);
            awaitReady(logName, httpPort);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + logName, e);
        }
    }

    /**
     * One more replica of a service (api-gateway, route-manager, flow-manager) beside the suite's own, on its own
     * HTTP port and log, over the same database (not cleaned) and broker. Returns the process once ready.
     */
    public Process startReplica(String service, String logName, int httpPort) {
        try {
            Process p = launch(service, logName, httpPort, false, Map.of());
            awaitReady(logName, httpPort);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + logName, e);
        }
    }

    /** The instance id a call-manager derived, as its log announces it when it takes its lease. */
    public String instanceIdOf(String logName) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("instance (\\S+) holds its lease")
                .matcher(Files.readString(log(logName)));
        String id = null;
        while (m.find()) {
            id = m.group(1); // the latest start's
        }
        if (id == null) {
            throw new IllegalStateException("no lease taken in " + log(logName));
        }
        return id;
    }

    /**
     * Kills the gateway at once (SIGKILL: nothing of it runs after this), runs {@code whileDown}, then starts it again
     * on the same database (not cleaned) and waits until it is ready.
     */
    public void killAndRestartGateway(Runnable whileDown) {
        Process gateway = processes.stream().filter(p -> p.info().commandLine().orElse("")
                .contains("api-gateway")).findFirst().orElseThrow();
        gateway.destroyForcibly();
        try {
            gateway.waitFor();
            processes.remove(gateway);
            whileDown.run();
            processes.add(launch("api-gateway", "api-gateway", GATEWAY_PORT, false, Map.of()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the gateway again", e);
        }
        awaitReady("api-gateway", GATEWAY_PORT);
    }

    /** As {@link #killAndRestartGateway}, for the suite's call-manager (instance {@link #CALL_MANAGER_INSTANCE}). */
    public void killAndRestartCallManager(Runnable whileDown) {
        Process callManager = processes.stream().filter(p -> p.info().commandLine().orElse("")
                .contains("call-manager")).findFirst().orElseThrow();
        callManager.destroyForcibly();
        try {
            callManager.waitFor();
            processes.remove(callManager);
            whileDown.run();
            processes.add(launch("call-manager", "call-manager", PORTS.get("call-manager"), false, Map.of()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new IllegalStateException("could not start call-manager again", e);
        }
        awaitReady("call-manager", PORTS.get("call-manager"));
    }

    private Process launch(String service, String logName, int httpPort, boolean cleanSchema,
                           Map<String, String> overrides) throws IOException {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("not packaged: " + jar + " (run ./mvnw package first)");
        }
        LocalInfra infra = LocalInfra.fromEnvironment();
        // the JIT as scripts/run.sh chooses it: the quick one only but for call-manager (bench/README.md, "The JIT,
        // measured")
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=" + ("call-manager".equals(service) ? 4 : 1),
                "-Dquarkus.flyway.clean-disabled=" + !cleanSchema, "-Dquarkus.flyway.clean-at-start=" + cleanSchema,
                "-jar", jar.toString());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        env.put("DB_HOST", infra.pgHost());
        env.put("DB_PORT", String.valueOf(infra.pgPort()));
        env.put("DB_NAME", infra.pgDatabase());
        env.put("QUARKUS_DATASOURCE_USERNAME", infra.pgUser());
        env.put("QUARKUS_DATASOURCE_PASSWORD", infra.pgPassword());
        env.put("BROKER_HOST", infra.rabbitHost());
        env.put("BROKER_PORT", String.valueOf(infra.rabbitPort()));
        env.put("BROKER_USERNAME", infra.rabbitUser());
        env.put("BROKER_PASSWORD", infra.rabbitPassword());
        env.put("BROKER_VIRTUAL_HOST", infra.rabbitVhost());
        env.put("JWT_SECRET", "e2e-secret-e2e-secret-e2e-secret-e2e-secret");
        env.put("BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("CALL_INSTANCE_ID", CALL_MANAGER_INSTANCE);
        env.put("CALL_DIAL_TIMEOUT", "8s");
        // a looping flow ends within seconds, not after 10000 actions (EngineHardeningEndToEndTest)
        env.put("FLOW_MAX_STEPS", "300");
        // a provider call left pending by a killed route-manager is settled by a survivor within seconds
        env.put("PROVIDERCALL_STALE_PENDING", "20s");
        env.put("PROVIDERCALL_RECONCILE_INTERVAL", "2s");
        // SIGTERM at the end of the suite: the calls a test left are ended at once rather than drained
        env.put("CALL_DRAIN_TIMEOUT", "2s");
        // OPTIONS pings would reach the SIPp carriers of other tests as unexpected calls; probing has its
        // own component tests (call-manager ProviderProberTest, route-manager ProviderHealthTest)
        env.put("PROBE_ENABLED", "false");
        env.put("SIP_PORT", "15090");
        env.put("RTP_PORT_MIN", "31000");
        env.put("RTP_PORT_MAX", "31998");
        // the address rules refuse loopback; the suite's carriers and WAV servers are on 127.0.0.1 (127.0.0.2 and
        // every other loopback address stay refused, which AddressRulesEndToEndTest relies on)
        env.put("SIP_ALLOWED_HOSTS", "127.0.0.1");
        env.put("PLAY_ALLOWED_HOSTS", "127.0.0.1");
        // webhook receivers of the tests listen on 127.0.0.1; retries come quickly so a test does not wait minutes,
        // and a claim left by a killed gateway runs out in seconds
        env.put("WEBHOOK_ALLOWED_HOSTS", "127.0.0.1");
        env.put("WEBHOOK_FIRST_RETRY", "500ms");
        env.put("WEBHOOK_MAX_RETRY_INTERVAL", "2s");
        env.put("WEBHOOK_CLAIM_LEASE", "15s");
        env.put("PROVTEST_STATE_DIR", root.resolve("e2e-tests/target/e2e-state").toString());
        overrides.forEach((name, value) -> {
            if (UNSET.equals(value)) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log(logName).toFile()));
        return pb.start();
    }

    private void awaitReady(String service, int port) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        stop();
        throw new IllegalStateException(service + " was not ready within 120 s; see " + log(service));
    }

    private void stop() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
