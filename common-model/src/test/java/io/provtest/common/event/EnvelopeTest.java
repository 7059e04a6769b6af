package io.provtest.common.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void storedJsonTextGivesTheSameBytesAsTheEnvelopeRecord() {
        Map<String, Object> call = Map.of("id", "c1", "status", "ringing", "n", 3, "metadata",
                Map.of("note", "caf\u00e9 \"quoted\" \\ \n"), "list", List.of(1, "two"));
        String data = new String(Json.bytes(call), StandardCharsets.UTF_8);
        assertArrayEquals(Json.bytes(new EventEnvelope("call_ringing", "call-manager", "req_1", Json.tree(call))),
                MessagingEventPublisher.envelope("call_ringing", "call-manager", "req_1", data));
        assertArrayEquals(Json.bytes(new EventEnvelope("call_hangup", "call-manager", null, Json.tree(Map.of()))),
                MessagingEventPublisher.envelope("call_hangup", "call-manager", null, "{}"),
                "no request id: the field is left out, as the record does");
        assertArrayEquals(Json.bytes(new EventEnvelope("t", "s", null, null)),
                MessagingEventPublisher.envelope("t", "s", null, null), "no data: the field is left out");
    }

    @Test
    void theNamesAreWrittenAsJsonStringsWhateverTheyHold() throws Exception {
        String requestId = "req \"1\"\\\n\u0001\u00fc";
        byte[] body = MessagingEventPublisher.envelope("call_hangup", "call-manager", requestId, "{\"id\":\"c1\"}");
        assertArrayEquals(Json.bytes(new EventEnvelope("call_hangup", "call-manager", requestId,
                Json.MAPPER.readTree("{\"id\":\"c1\"}"))), body);
        assertEquals(requestId, Json.MAPPER.readTree(body).get("request_id").asText(), "read back unchanged");
    }

    @Test
    void theTextIsPutInAsItIsNotRewritten() throws Exception {
        // rows stored as jsonb before the outbox kept the text as written come back re-spaced: still the same JSON
        byte[] body = MessagingEventPublisher.envelope("call_hangup", "call-manager", null, "{\"a\": [1, 2]}");
        assertEquals("{\"type\":\"call_hangup\",\"publisher\":\"call-manager\",\"data\":{\"a\": [1, 2]}}",
                new String(body, StandardCharsets.UTF_8));
        assertEquals(Json.MAPPER.readTree("{\"a\":[1,2]}"), Json.MAPPER.readTree(body).get("data"));
    }

    @Test
    void theCustomerIsTheTopLevelTextField() throws Exception {
        assertEquals("cust-1", EventEnvelope.customerOf(Json.MAPPER.readTree(
                "{\"id\": \"c1\", \"metadata\": {\"customer_id\": \"nested\"}, \"customer_id\": \"cust-1\"}")));
        assertNull(EventEnvelope.customerOf(Json.MAPPER.readTree(
                "{\"id\": \"p1\", \"customer\": {\"customer_id\": \"x\"}}")), "not one inside a nested object");
        assertNull(EventEnvelope.customerOf(Json.MAPPER.readTree("{\"customer_id\": 7}")),
                "only text names a customer");
        assertNull(EventEnvelope.customerOf(Json.MAPPER.readTree("[1, 2]")));
        assertNull(EventEnvelope.customerOf(null));
        assertNull(EventEnvelope.customerOf(Json.MAPPER.readTree("{\"customer_id\": null}")));
    }

    @Test
    void everyEventGoesOutWithARequestIdEvenWhenItsWorkHadNone() {
        assertEquals("req_1", MessagingEventPublisher.requestIdFor("req_1"));
        String minted = MessagingEventPublisher.requestIdFor(null);
        assertTrue(minted.matches("req_[A-Z2-7]{26}"), minted);
        assertNotEquals(minted, MessagingEventPublisher.requestIdFor(null), "a new one per event");
    }
}
