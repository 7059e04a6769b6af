package io.provtest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.testing.Sipp;
import io.provtest.common.rpc.RpcResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
}
