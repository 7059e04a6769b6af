package io.provtest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.testing.Sipp;
import com.sun.net.httpserver.HttpServer;
import io.provtest.common.rpc.RpcResponse;
import io.restassured.response.Response;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 17 item 2: calls that misbehave cannot hold the engine, and end with a cause an operator can read. */
class EngineHardeningEndToEndTest {

    /** answer → answer → … for ever: no audio, no sleep. */
    static List<Object> instantLoop() {
        String id = UUID.randomUUID().toString();
        return List.of(Map.of("id", id, "type", "answer", "next_id", id));
    }

    static Response providerCall(String providerId, List<Object> actions) {
        return Api.as(Calls.admin()).body(Map.of("provider_id", providerId,
                "source", Map.of("type", "tel", "target", "+14155551234"),
                "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")),
                "actions", actions)).post("/v1.0/providercalls");
    }

    @Test
    void aFlowLoopingWithoutMediaEndsTheCallWithACause() throws Exception {
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye.xml"), 1)) {
            Response created = providerCall(Calls.provider(carrier), instantLoop());
            created.then().statusCode(200);
            JsonNode call = Calls.await(created.path("call_ids[0]"), "hangup", 20);
            assertEquals("failed", call.get("hangup_reason").asText(), call.toString());
            assertEquals("local", call.get("hangup_by").asText());
            assertEquals("The flow ran 50 actions in a row without playing audio or sleeping; the call was ended "
                    + "(a loop in the flow?).", call.get("hangup_cause").asText());
            Calls.assertCarrierHappy(carrier);
        }
    }

    /**
     * The measurement in small: call-manager killed, create requests waiting in its durable queue, then a
     * restart. The new instance takes them only once it can place them (its SIP stack and media engine started,
     * its reconciliation of the lost instance's calls done), so every one of them reaches the carrier.
     */
    @Test
    void aRestartedCallManagerTakesQueuedCreateRequestsOnlyOnceItCanPlaceThem() throws Exception {
        int calls = 5;
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_bye.xml"), calls, "-d", "500")) {
            String providerId = Calls.provider(carrier);
            List<CompletableFuture<RpcResponse>> requests = new ArrayList<>();
            SystemUnderTest.get().killAndRestartCallManager(() -> {
                for (int i = 0; i < calls; i++) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("customer_id", Calls.customerId());
                    body.put("source", Map.of("type", "tel", "target", "+14155551234"));
                    body.put("destinations", List.of(Map.of("type", "tel", "target", "+82101234567" + i)));
                    body.put("metadata", Map.of("route_provider_ids", List.of(providerId),
                            "skip_source_validation", true));
                    requests.add(Rpc.send("call-manager", "POST", "/v1/calls", body, Duration.ofSeconds(90)));
                }
                SystemUnderTest.sleep(500);
            });
            for (CompletableFuture<RpcResponse> request : requests) {
                JsonNode created = request.get(90, TimeUnit.SECONDS).dataOrThrow();
                String id = created.get("calls").get(0).get("id").asText();
                JsonNode call = Calls.await(id, "hangup", 30);
                assertEquals("normal", call.get("hangup_reason").asText(), call.toString());
                assertEquals("", call.path("hangup_cause").asText(""), call.toString());
            }
            assertEquals(0, carrier.awaitExit(30), carrier.describe());
            assertEquals(calls, carrier.stat("SuccessfulCall(C)"), carrier.describe());
        }
    }

    /** sleep 1 ms → sleep 1 ms → …: waits, so only the total step budget (300 in this suite) ends it. */
    static List<Object> sleepLoop() {
        String id = UUID.randomUUID().toString();
        return List.of(Map.of("id", id, "type", "sleep", "option", Map.of("duration", 1), "next_id", id));
    }

    /**
     * Issue 17's engine test: calls that misbehave (WAV fetches dripping one byte at a time, flows looping through
     * instant actions, flows looping through 1 ms sleeps) are up and running, and an unrelated provider call is
     * still set up in under a second; then each misbehaving call ends with its cause.
     */
    @Test
    void misbehavingCallsDoNotDelayAnUnrelatedCallsSetup() throws Exception {
        int each = 4;
        // more instant loops than the engine has threads (8): before lanes gave their thread back, they held all of them
        int loops = 10;
        HttpServer drip = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        ExecutorService dripThreads = Executors.newCachedThreadPool();
        drip.setExecutor(dripThreads);
        drip.createContext("/slow.wav", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(200, 1_000_000);
            try (OutputStream body = exchange.getResponseBody()) {
                // a WAV's first 12 bytes at once, so it is judged by its time, not its header
                body.write(new byte[] {'R', 'I', 'F', 'F', 0x40, 0x42, 0x0F, 0, 'W', 'A', 'V', 'E'});
                body.flush();
                for (int i = 0; i < 100; i++) {
                    body.write('R');
                    body.flush();
                    Thread.sleep(300);
                }
            } catch (Exception gone) {
                // the fetcher gave up: expected
            }
        });
        drip.start();
        try (Sipp busy = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye.xml"), 2 * each + loops);
             Sipp probe = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye.xml"), 1)) {
            String busyProvider = Calls.provider(busy);
            String slowUrl = "http://127.0.0.1:" + drip.getAddress().getPort() + "/slow.wav";
            List<String> dripping = new ArrayList<>();
            List<String> looping = new ArrayList<>();
            List<String> sleeping = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                dripping.add(placed(() -> providerCall(busyProvider, List.of(Map.of("type", "play",
                        "option", Map.of("stream_urls", List.of(slowUrl)))))));
                sleeping.add(placed(() -> providerCall(busyProvider, sleepLoop())));
            }
            for (int i = 0; i < loops; i++) {
                looping.add(placed(() -> providerCall(busyProvider, instantLoop())));
            }
            for (String id : dripping) {
                Calls.await(id, "progressing", 10);
            }
            Thread.sleep(500); // the fetches are dripping, the sleep loops are asking flow-manager for more

            String probeProvider = Calls.provider(probe);
            long start = System.nanoTime();
            Response created = Api.as(Calls.admin()).body(Map.of("provider_id", probeProvider,
                    "source", Map.of("type", "tel", "target", "+14155551234"),
                    "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")))).post("/v1.0/providercalls");
            created.then().statusCode(200);
            JsonNode call = Calls.await(created.path("call_ids[0]"), "progressing", 10);
            long wallMs = (System.nanoTime() - start) / 1_000_000;
            long engineMs = Duration.between(Instant.parse(call.get("tm_create").asText()),
                    Instant.parse(call.get("tm_progressing").asText())).toMillis();
            System.out.printf("probe call: set up %d ms after its row was stored, up %d ms after the request%n",
                    engineMs, wallMs);
            assertTrue(engineMs < 1000, "the probe call was set up in " + engineMs + " ms by call-manager");
            assertTrue(wallMs < 2000, "the probe call was up " + wallMs + " ms after it was asked for");
            for (String id : dripping) {
                assertTrue(Calls.await(id, "hangup", 30).get("hangup_cause").asText().contains("could not be fetched"));
            }
            for (String id : looping) {
                assertTrue(Calls.await(id, "hangup", 30).get("hangup_cause").asText().contains("in a row"));
            }
            for (String id : sleeping) {
                assertTrue(Calls.await(id, "hangup", 60).get("hangup_cause").asText()
                        .contains("The flow ran more than 300 actions"));
            }
            Rpc.call("call-manager", "POST", "/v1/calls/" + call.get("id").asText() + "/hangup", null).dataOrThrow();
            assertEquals(0, busy.awaitExit(30), busy.describe());
            assertEquals(0, probe.awaitExit(30), probe.describe());
        } finally {
            drip.stop(0);
            dripThreads.shutdownNow();
        }
    }

    private static String placed(Response created) {
        created.then().statusCode(200);
        return created.path("call_ids[0]");
    }

    /**
     * A misbehaving call asked for as a client should: a 503 SERVICE_BUSY is retried after its Retry-After (the
     * engine refuses what it cannot serve on time; the probe call below is what must not wait).
     */
    private static String placed(java.util.function.Supplier<Response> ask) throws InterruptedException {
        Response created = ask.get();
        for (int i = 0; i < 10 && created.statusCode() == 503; i++) {
            Thread.sleep(1000L * Math.max(1, Integer.parseInt(created.header("Retry-After") == null ? "1"
                    : created.header("Retry-After"))));
            created = ask.get();
        }
        return placed(created);
    }
}
