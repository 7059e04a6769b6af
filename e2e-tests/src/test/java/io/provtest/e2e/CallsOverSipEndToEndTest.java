package io.provtest.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.testing.Sipp;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outbound calls through providers that are SIPp carriers on 127.0.0.1. Calls are created through call-manager's
 * internal API (as route-manager does); everything asserted is read back through the gateway, and SIPp's own logs
 * prove what arrived on the wire.
 */
class CallsOverSipEndToEndTest {

    private static final Path SCENARIOS = Calls.SCENARIOS;
    private static String admin;
    private static String customerId;

    @BeforeAll
    static void login() {
        admin = Calls.admin();
        customerId = Calls.customerId();
    }

    @Test
    void answeredCallEndedByTheCarrierIsNormalRemoteWithTheFullTrace() throws Exception {
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_answer_bye.xml"), 1, "-d", "1000")) {
            String id = Calls.dial(List.of(Calls.provider(carrier)), "no");
            JsonNode call = Calls.await(id, "hangup", 20);
            Calls.assertCarrierHappy(carrier);
            assertEquals("normal", call.get("hangup_reason").asText());
            assertEquals("remote", call.get("hangup_by").asText());
            assertEquals(200, call.get("sip_status_code").asInt());
            assertTrue(call.get("tm_ringing").isTextual() && call.get("tm_progressing").isTextual()
                    && call.get("tm_hangup").isTextual(), call.toString());
            assertTrue(call.get("rtp_stats").isObject(), "rtp_debug calls record RTP counters");
            List<String> trace = Calls.trace(id);
            assertTrue(trace.get(0).startsWith("sent INVITE sip:+821012345678@" + carrier.hostPort()), trace.toString());
            for (String expected : new String[] {"received SIP/2.0 180 Ringing", "received SIP/2.0 200 OK",
                    "sent ACK", "received BYE", "sent SIP/2.0 200 OK"}) {
                assertTrue(trace.stream().anyMatch(l -> l.startsWith(expected)), expected + " in " + trace);
            }
        }
    }

    @Test
    void aTcpCarrierIsCalledOverTcp() throws Exception {
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_answer_bye.xml"), 1, "-d", "300", "-t", "t1")) {
            String provider = Api.as(admin).body(Map.of("type", "sip", "hostname", carrier.hostPort(),
                    "transport", "tcp", "name", "tcp carrier")).post("/v1.0/providers")
                    .then().statusCode(200).body("transport", equalTo("tcp")).extract().path("id");
            String id = Calls.dial(List.of(provider), "no");
            JsonNode call = Calls.await(id, "hangup", 20);
            Calls.assertCarrierHappy(carrier);
            assertEquals("normal", call.get("hangup_reason").asText(), call.toString());
            assertTrue(carrier.messages().contains("Via: SIP/2.0/TCP"), "the INVITE came over TCP: "
                    + carrier.describe());
            assertTrue(Calls.trace(id).get(0).startsWith("sent INVITE sip:+821012345678@" + carrier.hostPort()
                    + ";transport=tcp"), Calls.trace(id).toString());
        }
    }

    @Test
    void finalResponsesMapToHangupReasonsAndKeepTheCarriersWords() throws Exception {
        Object[][] cases = {
            {486, "Busy Here", "busy"},
            {480, "Temporarily Unavailable", "noanswer"},
            {603, "Decline", "noanswer"},
            {404, "Not Found", "failed"},
            {503, "Trunk concurrent call limit exceeded", "failed"},
        };
        for (Object[] c : cases) {
            try (Sipp carrier = Calls.rejecting(c[0].toString(), c[1].toString())) {
                String id = Calls.dial(List.of(Calls.provider(carrier)), "no");
                JsonNode call = Calls.await(id, "hangup", 20);
                Calls.assertCarrierHappy(carrier);
                assertEquals(c[2], call.get("hangup_reason").asText(), call.toString());
                assertEquals("remote", call.get("hangup_by").asText());
                assertEquals((int) c[0], call.get("sip_status_code").asInt());
                assertEquals(c[1], call.get("sip_reason").asText());
            }
        }
    }

    @Test
    void hangupWhileRingingCancelsAndRecordsThe487() throws Exception {
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_ring_until_cancel.xml"), 1)) {
            String id = Calls.dial(List.of(Calls.provider(carrier)), "no");
            Calls.await(id, "ringing", 10);
            Api.as(admin).post("/v1.0/calls/" + id + "/hangup").then().statusCode(200);
            JsonNode call = Calls.await(id, "hangup", 10);
            Calls.assertCarrierHappy(carrier);
            assertEquals("cancel", call.get("hangup_reason").asText());
            assertEquals("local", call.get("hangup_by").asText());
            assertEquals(487, call.get("sip_status_code").asInt());
            assertTrue(Calls.trace(id).stream().anyMatch(l -> l.startsWith("sent CANCEL")));
            Api.as(admin).post("/v1.0/calls/" + id + "/hangup").then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("hangup"));
        }
    }

    @Test
    void aCarrierThatNeverAnswersEndsAsDialoutAfterTheDialTimeout() throws Exception {
        String silent = Calls.provider("127.0.0.1:5999", "", "", Map.of());
        String id = Calls.dial(List.of(silent), "no");
        JsonNode call = Calls.await(id, "hangup", 25);
        assertEquals("dialout", call.get("hangup_reason").asText());
        assertTrue(call.get("sip_status_code").isNull(), call.toString());
        assertTrue(call.get("hangup_cause").asText().contains("dial timeout"), call.toString());
    }

    @Test
    void theInviteCarriesPrefixPostfixHeadersAndPrivacyAsTheCarrierChecks() throws Exception {
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_verify_invite.xml"), 1)) {
            String id = Calls.dial(List.of(Calls.provider(carrier.hostPort(), "9", "#", Map.of("X-Acct", "42"))), "yes");
            Calls.await(id, "progressing", 10);
            Response hungUp = Api.as(admin).post("/v1.0/calls/" + id + "/hangup");
            // the BYE's 200 may already be back on loopback when the answer is read
            hungUp.then().statusCode(200).body("status", org.hamcrest.Matchers.oneOf("terminating", "hangup"));
            JsonNode call = Calls.await(id, "hangup", 10);
            Calls.assertCarrierHappy(carrier);
            assertTrue(carrier.logs().contains("VERIFY ruri=INVITE sip:9+821012345678%23@"), carrier.logs());
            assertEquals("normal", call.get("hangup_reason").asText());
            assertEquals("local", call.get("hangup_by").asText());
        }
    }

    @Test
    void aRetryableFailureFailsOverToTheNextProviderOnTheSameCall() throws Exception {
        try (Sipp broken = Calls.rejecting("503", "Service Unavailable");
             Sipp working = Sipp.uas(SCENARIOS.resolve("uas_answer_bye.xml"), 1, "-d", "500")) {
            String first = Calls.provider(broken);
            String second = Calls.provider(working);
            String id = Calls.dial(List.of(first, second), "no");
            JsonNode call = Calls.await(id, "hangup", 20);
            Calls.assertCarrierHappy(broken);
            Calls.assertCarrierHappy(working);
            assertEquals(second, call.get("provider_id").asText());
            assertEquals("normal", call.get("hangup_reason").asText());
            List<String> invites = Calls.trace(id).stream().filter(l -> l.startsWith("sent INVITE")).toList();
            assertEquals(2, invites.size(), invites.toString());
        }
    }

    @Test
    void busyIsTheCalledPartysAnswerAndIsNotRetriedElsewhere() throws Exception {
        try (Sipp busy = Calls.rejecting("486", "Busy Here");
             Sipp unused = Sipp.uas(SCENARIOS.resolve("uas_answer_bye.xml"), 1)) {
            String id = Calls.dial(List.of(Calls.provider(busy), Calls.provider(unused)), "no");
            JsonNode call = Calls.await(id, "hangup", 20);
            assertEquals("busy", call.get("hangup_reason").asText());
            assertEquals(-1, unused.awaitExit(1), "the second carrier must not be called");
        }
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingIsDialed() {
        String any = Calls.provider("127.0.0.1:5998", "", "", Map.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer_id", customerId);
        body.put("destinations", List.of(Map.of("type", "tel", "target", "+821012345678")));
        body.put("metadata", Map.of("route_provider_ids", List.of(any), "surprise", 1));
        assertEquals(400, Rpc.call("call-manager", "POST", "/v1/calls", body).statusCode());
        body.put("metadata", Map.of("route_provider_ids", List.of(any), "rtp_debug", "yes"));
        assertEquals(400, Rpc.call("call-manager", "POST", "/v1/calls", body).statusCode());
        body.put("metadata", Map.of("route_provider_ids", List.of(any)));
        body.put("anonymous", "yes");
        body.put("source", Map.of("type", "tel", "target", "4155551234"));
        assertEquals("INVALID_SOURCE", Rpc.call("call-manager", "POST", "/v1/calls", body).error().reason());

        JsonNode mixed = Calls.createCalls(List.of(any), "no", Map.of("type", "endpoint", "target", "x")).dataOrThrow();
        assertEquals(0, mixed.get("calls").size());
        assertEquals("INVALID_DESTINATION", mixed.get("outcomes").get(0).get("error").get("reason").asText());
        Api.as(admin).delete("/v1.0/providers/" + any).then().statusCode(200);
        JsonNode deleted = Calls.createCalls(List.of(any), "no", Map.of("type", "tel", "target", "+821012345678")).dataOrThrow();
        assertEquals("PROVIDER_NOT_FOUND", deleted.get("outcomes").get(0).get("error").get("reason").asText());
    }
}
