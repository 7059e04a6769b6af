package io.provtest.common.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.common.json.Json;
import io.provtest.common.model.Action;
import io.provtest.common.model.Activeflow;
import io.provtest.common.model.Flow;
import io.provtest.common.model.Provider;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An event written in one pass is byte for byte the envelope the data's JSON tree gave, with the same customer. */
class EventBodyTest {

    private static final UUID CUSTOMER = UUID.fromString("5f0c8a52-2b7e-4d7e-9d59-0c6a3c1b2e11");
    private static final Instant AT = Instant.parse("2026-12-04T19:20:30.123456Z");

    /** A charge-like record: decimals at every scale, a nested object naming another customer. */
    record Charged(UUID customerId, BigDecimal amount, BigDecimal balance, BigDecimal zero, Map<String, Object> rate,
                   List<BigDecimal> parts, Instant tmCreate) {
    }

    record Owner(String customerId) {
    }

    record Nested(UUID id, Owner owner, List<Map<String, String>> legs) {
    }

    enum Tenant { ACME }

    /** A customer written as an enum constant: Jackson writes it as a serialized string. */
    record ByEnum(Tenant customerId) {
    }

    private static void sameAsTheTree(String requestId, Object data) {
        JsonNode tree = data == null ? null : data instanceof JsonNode node ? node : Json.tree(data);
        byte[] before = Json.bytes(new EventEnvelope("thing_happened", "route-manager", requestId, tree));
        EventBody body = EventBody.of("thing_happened", "route-manager", requestId, data);
        assertArrayEquals(before, body.bytes(), () -> "\nbefore: " + new String(before, StandardCharsets.UTF_8)
                + "\nnow:    " + new String(body.bytes(), StandardCharsets.UTF_8));
        assertEquals(EventEnvelope.customerOf(tree), body.customerId());
    }

    @Test
    void theWireTypesAreWrittenAsTheirTreesWere() throws Exception {
        Action answer = new Action(UUID.randomUUID(), null, "answer", null);
        Action talk = new Action(UUID.randomUUID(), null, "talk",
                Json.MAPPER.readTree("{\"text\":\"caf\u00e9 \\\"hi\\\"\",\"language\":\"en-US\",\"gain\":1.50}"));
        sameAsTheTree("req_1", new Flow(UUID.randomUUID(), CUSTOMER, "flow", "name", null, List.of(answer, talk),
                null, true, null, AT, AT, null));
        sameAsTheTree("req_2", new Activeflow(UUID.randomUUID(), CUSTOMER, UUID.randomUUID(), "call",
                UUID.randomUUID(), List.of(answer), answer.id(), Activeflow.RUNNING, AT, AT, null));
        sameAsTheTree(null, new Provider(UUID.randomUUID(), "sip", "sip.example.com:5061", "", "+",
                Map.of("X-Tenant", "a"), "udp", "carrier", null, "PCMU,PCMA", "healthy", AT, null, 12.5, 3, 0, AT, AT,
                null));
    }

    @Test
    void decimalsLoseTheirTrailingZerosAsInTheTree() {
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("per_minute", new BigDecimal("0.0100"));
        rate.put("setup", new BigDecimal("1E+3"));
        sameAsTheTree("req_3", new Charged(CUSTOMER, new BigDecimal("12.340"), new BigDecimal("-0.500"),
                new BigDecimal("0.000"), rate, List.of(new BigDecimal("10"), new BigDecimal("2.50")), AT));
    }

    @Test
    void onlyTheDataObjectsOwnCustomerIdNamesTheCustomer() throws Exception {
        sameAsTheTree("req_4", new Nested(UUID.randomUUID(), new Owner("someone-else"),
                List.of(Map.of("customer_id", "leg-owner"))));
        assertNull(EventBody.of("t", "s", null, new Nested(UUID.randomUUID(), new Owner("x"), List.of()))
                .customerId(), "a customer inside a nested object is not the event's");

        Map<String, Object> map = new LinkedHashMap<>();
        map.put("metadata", Map.of("customer_id", "nested"));
        map.put("customer_id", "cust-1");
        map.put("after", List.of("customer_id", "x"));
        sameAsTheTree("req_5", map);
        assertEquals("cust-1", EventBody.of("t", "s", null, map).customerId());

        sameAsTheTree("req_6", Map.of("customer_id", 7));
        sameAsTheTree("req_6e", new ByEnum(Tenant.ACME));
        assertEquals("ACME", EventBody.of("t", "s", null, new ByEnum(Tenant.ACME)).customerId());
        sameAsTheTree("req_7", Arrays.asList("customer_id", "x"));
        sameAsTheTree("req_8", Map.of("customer_id", List.of("a")));
        Map<String, Object> none = new LinkedHashMap<>();
        none.put("customer_id", null);
        none.put("id", "p1");
        sameAsTheTree("req_9", none);
    }

    @Test
    void aTreeHandedInIsWrittenAsItWas() throws Exception {
        sameAsTheTree("req_10", Json.MAPPER.readTree(
                "{\"id\":\"c1\",\"customer_id\":\"cust-2\",\"amount\":1.250,\"legs\":[{\"customer_id\":\"z\"}]}"));
        sameAsTheTree("req_11", Json.tree(Map.of("provider_id", "p1", "from", "healthy", "to", "unhealthy")));
    }

    @Test
    void aTreeBuiltWithTrailingZerosLosesThemNow() {
        // no event is built so (trees here are read or converted, which strips them): pinned, since it differs
        ObjectNode built = Json.MAPPER.createObjectNode().put("customer_id", "cust-3").put("amount",
                new BigDecimal("1.50"));
        EventBody body = EventBody.of("t", "s", null, built);
        assertEquals("{\"type\":\"t\",\"publisher\":\"s\",\"data\":{\"customer_id\":\"cust-3\",\"amount\":1.5}}",
                new String(body.bytes(), StandardCharsets.UTF_8));
        assertEquals("cust-3", body.customerId());
    }

    @Test
    void anEventWithoutATypeOrPublisherIsRefused() {
        assertThrows(NullPointerException.class, () -> EventBody.of(null, "s", null, Map.of()));
        assertThrows(NullPointerException.class, () -> EventBody.of("t", null, null, Map.of()));
    }

    @Test
    void noDataAndNoRequestIdAreLeftOutAsTheRecordDid() {
        sameAsTheTree(null, null);
        sameAsTheTree("req \"quoted\" \\ \u0001", Map.of());
    }
}
