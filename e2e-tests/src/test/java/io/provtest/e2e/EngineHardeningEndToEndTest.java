package io.provtest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.testing.Sipp;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
}
