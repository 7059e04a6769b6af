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
        String data = new String(Json.bytes(Map.of("id", "c1", "status", "ringing", "n", 3)), StandardCharsets.UTF_8);
        assertArrayEquals(Json.bytes(new EventEnvelope("call_ringing", "call-manager", "req_1", Json.tree(
                        Map.of("id", "c1", "status", "ringing", "n", 3)))),
                MessagingEventPublisher.envelope("call_ringing", "call-manager", "req_1", data).body());
        assertArrayEquals(Json.bytes(new EventEnvelope("call_hangup", "call-manager", null, Json.tree(Map.of()))),
                MessagingEventPublisher.envelope("call_hangup", "call-manager", null, "{}").body(),
                "no request id: the field is left out, as the record does");
        assertArrayEquals(Json.bytes(new EventEnvelope("call_hangup", "call-manager", null,
                        Json.tree(Map.of("a", List.of(1, 2))))),
                MessagingEventPublisher.envelope("call_hangup", "call-manager", null, "{\"a\": [1, 2]}").body(),
                "PostgreSQL's jsonb text (spaces after ':' and ',') is written compact");
    }

    @Test
    void theCustomerTheDataNamesIsPickedUpForTheRoutingHeader() throws Exception {
        String stored = "{\"id\": \"c1\", \"metadata\": {\"customer_id\": \"nested\"}, \"customer_id\": \"cust-1\", "
                + "\"status\": \"hangup\"}";
        MessagingEventPublisher.Encoded encoded = MessagingEventPublisher.envelope("call_hangup", "call-manager",
                "req_1", stored);
        assertEquals("cust-1", encoded.customerId(), "the top-level field, not one inside a nested object");
        assertEquals("cust-1", EventEnvelope.customerOf(Json.MAPPER.readTree(stored)));
        assertArrayEquals(Json.bytes(new EventEnvelope("call_hangup", "call-manager", "req_1",
                Json.MAPPER.readTree(stored))), encoded.body(), "the body is unchanged by it");
        assertNull(MessagingEventPublisher.envelope("provider_created", "route-manager", "req_1",
                "{\"id\": \"p1\", \"customer\": {\"customer_id\": \"x\"}}").customerId());
        assertNull(MessagingEventPublisher.envelope("t", "s", null, "{\"customer_id\": 7}").customerId(),
                "only text names a customer");
        assertNull(MessagingEventPublisher.envelope("t", "s", null, "[1, 2]").customerId());
        assertNull(MessagingEventPublisher.envelope("t", "s", null, null).customerId());
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
