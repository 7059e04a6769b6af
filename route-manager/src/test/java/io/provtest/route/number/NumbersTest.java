package io.provtest.route.number;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Numbers, outbound configs and the pre-flight order through route-manager's request queue, against the real
 * PostgreSQL and RabbitMQ: the unique live number (409 NUMBER_TAKEN), the field rules (400), the default number's
 * ownership, and each pre-flight rule refusing in its turn with the source the calls go out with.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class NumbersTest {

    private static final Duration T = Duration.ofSeconds(10);

    @Inject
    RpcClient rpc;

    @Inject
    OutboundConfigService configs;

    private RpcResponse raw(String method, String uri, Object body) {
        return rpc.call("route-manager", method, uri, body, T);
    }

    private JsonNode call(String method, String uri, Object body) {
        return raw(method, uri, body).dataOrThrow();
    }

    /** A number no other test (or earlier run) holds. */
    private static String fresh() {
        return "+1" + (2000000000L + ThreadLocalRandom.current().nextLong(7999999999L));
    }

    private JsonNode register(UUID customer, String number, String status) {
        return call("POST", "/v1/numbers", Map.of("customer_id", customer.toString(), "number", number,
                "status", status, "name", "desk"));
    }

    private static Map<String, Object> tel(String target) {
        return Map.of("type", "tel", "target", target);
    }

    private JsonNode preflight(UUID customer, String status, Object source, boolean skip, List<?> destinations) {
        Map<String, Object> body = new HashMap<>();
        body.put("customer_id", customer.toString());
        body.put("customer_status", status);
        body.put("source", source);
        body.put("skip_source_validation", skip);
        body.put("destinations", destinations);
        body.put("origin", "groupcall");
        return call("POST", "/v1/billing/preflight", body);
    }

    private static String reason(JsonNode verdict, int index) {
        return verdict.get("outcomes").get(index).path("error").path("reason").asText(null);
    }

    @Test
    void aNumberIsOwnedByOneCustomerAtATime() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        String number = fresh();
        JsonNode created;
        try (EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            created = register(a, number, "active");
            assertNotNull(tap.await(m -> m.contains("number_created") && m.contains(number), Duration.ofSeconds(5)));
        }
        assertEquals(number, created.get("number").asText());
        assertEquals("active", created.get("status").asText());
        assertEquals("desk", created.get("name").asText());
        String id = created.get("id").asText();

        RpcResponse taken = raw("POST", "/v1/numbers", Map.of("customer_id", b.toString(), "number", number));
        assertEquals(409, taken.statusCode());
        assertEquals("NUMBER_TAKEN", taken.error().reason());
        assertEquals("NUMBER_TAKEN", raw("POST", "/v1/numbers", Map.of("customer_id", a.toString(),
                "number", number)).error().reason(), "also for its own customer: one live row per number");
        String other = register(b, fresh(), "active").get("id").asText();
        RpcResponse moved = raw("PUT", "/v1/numbers/" + other, Map.of("customer_id", b.toString(), "number", number));
        assertEquals("NUMBER_TAKEN", moved.error().reason(), "a replace cannot take it either");

        JsonNode disabled = call("PUT", "/v1/numbers/" + id, Map.of("customer_id", a.toString(), "number", number,
                "status", "disabled", "name", "old desk"));
        assertEquals("disabled", disabled.get("status").asText());
        assertTrue(disabled.get("tm_update").isTextual());
        assertEquals(id, call("GET", "/v1/numbers?customer_id=" + a, null).get("result").get(0).get("id").asText());

        JsonNode deleted = call("DELETE", "/v1/numbers/" + id, null);
        assertTrue(deleted.get("tm_delete").isTextual());
        assertEquals(deleted.get("tm_delete"), call("DELETE", "/v1/numbers/" + id, null).get("tm_delete"),
                "a second delete is idempotent");
        assertEquals(0, call("GET", "/v1/numbers?customer_id=" + a, null).get("result").size());
        assertEquals(b.toString(), register(b, number, "active").get("customer_id").asText(),
                "a deleted number may be registered again");
        assertEquals("NUMBER_NOT_FOUND", raw("GET", "/v1/numbers/" + UUID.randomUUID(), null).error().reason());
        assertEquals("NUMBER_NOT_FOUND", raw("PUT", "/v1/numbers/" + id, Map.of("customer_id", a.toString(),
                "number", fresh())).error().reason(), "a deleted number is not replaced");
    }

    @Test
    void badNumbersAreA400NamingEachField() {
        RpcResponse bad = raw("POST", "/v1/numbers", Map.of("customer_id", UUID.randomUUID().toString(),
                "number", "12345", "status", "paused"));
        assertEquals(400, bad.statusCode());
        assertEquals("INVALID_ARGUMENT", bad.error().reason());
        assertEquals(List.of("number", "status"), bad.error().details().stream().map(d -> d.field()).toList());
        assertEquals("INVALID_JSON_BODY", raw("POST", "/v1/numbers", Map.of("customer_id", "x", "number", fresh()))
                .error().reason());
        assertEquals(400, raw("POST", "/v1/numbers", Map.of("number", fresh())).statusCode());
    }

    @Test
    void theOutboundConfigIsStoredValidatedAndItsLimitsReadable() {
        UUID customer = UUID.randomUUID();
        JsonNode defaults = call("GET", "/v1/customers/" + customer + "/outbound_config", null);
        assertEquals(0, defaults.get("allowed_countries").size());
        assertTrue(defaults.get("default_outgoing_source_number_id").isNull());
        assertEquals(0, defaults.get("calls_per_second").asInt());

        String own = register(customer, fresh(), "active").get("id").asText();
        String disabled = register(customer, fresh(), "disabled").get("id").asText();
        String others = register(UUID.randomUUID(), fresh(), "active").get("id").asText();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("default_outgoing_source_number_id", own);
        body.put("allowed_countries", List.of("+82", "+1"));
        body.put("denied_prefixes", List.of("+1900"));
        body.put("max_concurrent_calls", 5);
        body.put("calls_per_second", 2);
        JsonNode stored = call("PUT", "/v1/customers/" + customer + "/outbound_config", body);
        assertEquals(own, stored.get("default_outgoing_source_number_id").asText());
        assertEquals("+1900", stored.get("denied_prefixes").get(0).asText());
        assertEquals(stored, call("GET", "/v1/customers/" + customer + "/outbound_config", null));
        assertEquals(new OutboundConfig.OutboundLimits(customer, 5, 2), configs.limits(customer));

        for (String wrong : List.of(disabled, others, UUID.randomUUID().toString())) {
            body.put("default_outgoing_source_number_id", wrong);
            RpcResponse refused = raw("PUT", "/v1/customers/" + customer + "/outbound_config", body);
            assertEquals(400, refused.statusCode());
            assertEquals("default_outgoing_source_number_id", refused.error().details().get(0).field());
        }
        RpcResponse bad = raw("PUT", "/v1/customers/" + customer + "/outbound_config", Map.of(
                "allowed_countries", List.of("82"), "denied_prefixes", List.of("+1", "+1"), "calls_per_second", -1));
        assertEquals(List.of("allowed_countries[0]", "denied_prefixes[1]", "calls_per_second"),
                bad.error().details().stream().map(d -> d.field()).toList());
        assertEquals(5, configs.limits(customer).maxConcurrentCalls(), "nothing changed by a refused replace");
    }

    @Test
    void theOutboundConfigsCodecsAreStoredInTheGivenOrderAndUnknownOnesAreA400NamingThem() {
        UUID customer = UUID.randomUUID();
        assertEquals(0, call("GET", "/v1/customers/" + customer + "/outbound_config", null).get("codecs").size());
        JsonNode stored = call("PUT", "/v1/customers/" + customer + "/outbound_config",
                Map.of("codecs", List.of("pcma", "PCMU")));
        assertEquals("[\"PCMA\",\"PCMU\"]", stored.get("codecs").toString());
        assertEquals(stored, call("GET", "/v1/customers/" + customer + "/outbound_config", null));

        RpcResponse bad = raw("PUT", "/v1/customers/" + customer + "/outbound_config",
                Map.of("codecs", List.of("PCMU", "G729", "opus")));
        assertEquals(400, bad.statusCode());
        assertEquals("INVALID_ARGUMENT", bad.error().reason());
        assertEquals(List.of("codecs[1]", "codecs[2]"), bad.error().details().stream().map(d -> d.field()).toList());
        assertTrue(bad.error().details().get(0).reason().contains("PCMU, PCMA"), bad.error().details().get(0).reason());
        assertEquals("[\"PCMA\",\"PCMU\"]",
                call("GET", "/v1/customers/" + customer + "/outbound_config", null).get("codecs").toString(),
                "nothing changed by a refused replace");
    }

    @Test
    void thePreflightRefusesInOrderAndChoosesTheSource() throws Exception {
        UUID customer = UUID.randomUUID();
        String owned = fresh();
        register(customer, owned, "active");
        String fallback = fresh();
        String fallbackId = register(customer, fallback, "active").get("id").asText();
        String othersNumber = fresh();
        register(UUID.randomUUID(), othersNumber, "active");
        List<Map<String, Object>> destinations = List.of(tel("+821012345678"), tel("+19005550100"),
                Map.of("type", "sip", "target", "desk@carrier.example"));

        // frozen: every destination, before anything else
        try (EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            JsonNode frozen = preflight(customer, "frozen", tel(owned), false, destinations);
            for (int i = 0; i < 3; i++) {
                assertEquals("ACCOUNT_FROZEN", reason(frozen, i));
            }
            assertNotNull(tap.await(m -> m.contains("call_outbound_rejected") && m.contains("ACCOUNT_FROZEN")
                    && m.contains(customer.toString()), Duration.ofSeconds(5)));
        }
        // an owned source is kept; nothing else refuses on the free default plan and an empty config
        JsonNode open = preflight(customer, "active", tel(owned), false, destinations);
        assertEquals(null, reason(open, 0));
        assertEquals(owned, open.get("source").get("target").asText());

        // the outbound config: a denied prefix and the allow-list
        call("PUT", "/v1/customers/" + customer + "/outbound_config", Map.of("allowed_countries", List.of("+82", "+1"),
                "denied_prefixes", List.of("+1900")));
        JsonNode configured = preflight(customer, "active", tel(othersNumber), false, destinations);
        assertEquals("NO_VALID_SOURCE", reason(configured, 0), "another customer's number and no default");
        assertEquals("DESTINATION_NOT_ALLOWED", reason(configured, 1), "the denied prefix comes before the source");
        assertEquals(null, reason(configured, 2), "a sip destination needs no number");
        assertEquals("DESTINATION_NOT_ALLOWED", reason(preflight(customer, "active", tel(owned), false,
                List.of(tel("+4930123456"))), 0), "not an allowed country");

        // with a default number the call goes out with it
        call("PUT", "/v1/customers/" + customer + "/outbound_config", Map.of("default_outgoing_source_number_id",
                fallbackId));
        JsonNode fallenBack = preflight(customer, "active", tel(othersNumber), false, List.of(tel("+821012345678")));
        assertEquals(null, reason(fallenBack, 0));
        assertEquals(fallback, fallenBack.get("source").get("target").asText());
        // skip_source_validation keeps the source verbatim
        JsonNode skipped = preflight(customer, "active", tel(othersNumber), true, List.of(tel("+821012345678")));
        assertEquals(othersNumber, skipped.get("source").get("target").asText());

        // the default number disabled afterwards: checked again, so no valid source any more
        call("PUT", "/v1/numbers/" + fallbackId, Map.of("customer_id", customer.toString(), "number", fallback,
                "status", "disabled"));
        assertEquals("NO_VALID_SOURCE", reason(preflight(customer, "active", tel(othersNumber), false,
                List.of(tel("+821012345678"))), 0));
    }

    @Test
    void aFrozenCustomersProviderCallIsRefusedAndAnotherKeepsItsSourceVerbatim() throws Exception {
        UUID customer = UUID.randomUUID();
        String source = fresh(); // owned by nobody: a provider call does not validate its source
        try (StandInService calls = new StandInService("call-manager", r -> StandInService.ok(Map.of("outcomes",
                List.of(Map.of("index", 0, "destination", tel("+821012345678"),
                        "call_id", UUID.randomUUID().toString())))))) {
            String provider = call("POST", "/v1/providers", Map.of("type", "sip", "hostname", "carrier.example"))
                    .get("id").asText();
            Map<String, Object> request = Map.of("provider_id", provider, "source", tel(source),
                    "destinations", List.of(tel("+821012345678")));
            Map<String, Object> command = new HashMap<>(Map.of("customer_id", customer.toString(),
                    "created_by", UUID.randomUUID().toString(), "request", request, "customer_status", "frozen"));
            RpcResponse frozen = raw("POST", "/v1/providercalls", command);
            assertEquals(403, frozen.statusCode());
            assertEquals("ACCOUNT_FROZEN", frozen.error().reason());
            assertEquals(0, calls.received().size(), "nothing dialed");

            command.put("customer_status", "active");
            JsonNode placed = call("POST", "/v1/providercalls", command);
            assertEquals(1, placed.get("call_ids").size());
            assertEquals(source, calls.received().get(0).data().get("source").get("target").asText(),
                    "the source verbatim");
        }
    }
}
