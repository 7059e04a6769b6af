package io.provtest.route.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.InfraResource;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code BILLING_PROVIDERCALL_PREFLIGHT=alternate-for-benchmark} ({@code MIXED=1 bench/preflight.sh}): every second
 * provider call skips the checks, and only those carry the warning the benchmark sorts them by. A customer every check
 * refuses (no balance on a priced plan, a denied prefix) gets 402 and dialed alternately, and a frozen customer's
 * call in between is refused without taking a turn; a customer the checks let through gets every call placed, the
 * warning on every second one only. Group calls' pre-flight still checks everything.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
@TestProfile(PreflightAlternateForBenchmarkTest.Alternate.class)
class PreflightAlternateForBenchmarkTest {

    public static class Alternate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("billing.providercall-preflight", "alternate-for-benchmark");
        }
    }

    private static final Duration T = Duration.ofSeconds(10);
    private static final Map<String, Object> KOREA = Map.of("type", "tel", "target", "+821012345678");
    private static final String WARNING = "The pre-flight was skipped for a benchmark"
            + " (BILLING_PROVIDERCALL_PREFLIGHT=alternate-for-benchmark): its balance, outbound config and rate plan"
            + " were not checked.";

    @Inject
    RpcClient rpc;

    private RpcResponse raw(String method, String uri, Object body) {
        return rpc.call("route-manager", method, uri, body, T);
    }

    private JsonNode call(String method, String uri, Object body) {
        return raw(method, uri, body).dataOrThrow();
    }

    /** The create-calls requests call-manager got (route-manager also asks it about the record's calls after). */
    private static long creates(StandInService calls) {
        return calls.received().stream().filter(r -> "POST".equals(r.method()) && "/v1/calls".equals(r.uri()))
                .count();
    }

    private static Map<String, Object> providerCall(UUID customer, String provider, String status) {
        return new HashMap<>(Map.of("customer_id", customer.toString(), "created_by", UUID.randomUUID().toString(),
                "request", Map.of("provider_id", provider, "source", Map.of("type", "tel", "target", "+14155551234"),
                        "destinations", List.of(KOREA)), "customer_status", status));
    }

    /** What each answer came to: "skipped" (placed, with the warning), "checked" (placed, none) or the refusal. */
    private static String kind(RpcResponse r) {
        if (r.statusCode() != 200) {
            return r.statusCode() + " " + r.error().reason();
        }
        JsonNode placed = r.dataOrThrow();
        assertEquals(1, placed.get("call_ids").size(), placed.toString());
        JsonNode warnings = placed.get("warnings");
        if (warnings.isEmpty()) {
            return "checked";
        }
        assertEquals(1, warnings.size(), placed.toString());
        assertEquals(WARNING, warnings.get(0).asText());
        return "skipped";
    }

    /** Every second one the same: a, b, a, b, … (whichever comes first: other tests' calls may have taken turns). */
    private static void assertAlternate(List<String> kinds, String a, String b) {
        String first = kinds.get(0);
        assertTrue(first.equals(a) || first.equals(b), kinds.toString());
        String second = first.equals(a) ? b : a;
        for (int i = 0; i < kinds.size(); i++) {
            assertEquals(i % 2 == 0 ? first : second, kinds.get(i), "call " + i + " of " + kinds);
        }
    }

    @Test
    void everySecondProviderCallSkipsTheChecksAndOnlyThoseCarryTheWarning() throws Exception {
        UUID refused = UUID.randomUUID();
        String account = call("GET", "/v1/customers/" + refused + "/billing_account", null).get("id").asText();
        String plan = call("POST", "/v1/rate_plans", Map.of("name", "priced", "increment_seconds", 60,
                "connection_fee", new BigDecimal("0.01"), "rates", List.of(Map.of("prefix", "+82",
                        "per_minute", new BigDecimal("0.05"))))).get("id").asText();
        call("PUT", "/v1/billing_accounts/" + account, Map.of("rate_plan_id", plan));
        call("PUT", "/v1/customers/" + refused + "/outbound_config", Map.of("allowed_countries", List.of(),
                "denied_prefixes", List.of("+8210"), "max_concurrent_calls", 0, "calls_per_second", 0));
        UUID allowed = UUID.randomUUID(); // the default plan: free everywhere, so the checks pass without balance
        try (StandInService calls = new StandInService("call-manager", r -> StandInService.ok(Map.of("outcomes",
                List.of(Map.of("index", 0, "destination", KOREA, "call_id", UUID.randomUUID().toString())))))) {
            String provider = call("POST", "/v1/providers", Map.of("type", "sip", "hostname", "carrier.example"))
                    .get("id").asText();

            List<String> kinds = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                kinds.add(kind(raw("POST", "/v1/providercalls", providerCall(refused, provider, "active"))));
                if (i == 2) {
                    RpcResponse frozen = raw("POST", "/v1/providercalls", providerCall(refused, provider, "frozen"));
                    assertEquals(403, frozen.statusCode());
                    assertEquals("ACCOUNT_FROZEN", frozen.error().reason());
                }
            }
            // the frozen call in the middle took no turn: the six alternate across it
            assertAlternate(kinds, "402 INSUFFICIENT_BALANCE", "skipped");
            assertEquals(3, creates(calls), "only the three skipped calls were dialed: " + kinds);

            List<String> passed = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                passed.add(kind(raw("POST", "/v1/providercalls", providerCall(allowed, provider, "active"))));
            }
            assertAlternate(passed, "checked", "skipped");
            assertNotEquals("skipped".equals(kinds.get(5)), "skipped".equals(passed.get(0)),
                    "one counter for every customer, the turns go on: " + kinds + " then " + passed);
            assertEquals(7, creates(calls), "every call of the customer the checks let through was dialed");
        }
        JsonNode group = call("POST", "/v1/billing/preflight", Map.of("customer_id", refused.toString(),
                "destinations", List.of(KOREA), "skip_source_validation", true, "origin", "groupcall"));
        assertEquals("INSUFFICIENT_BALANCE", group.get("outcomes").get(0).get("error").get("reason").asText(),
                "group calls keep every check");
        assertTrue(group.path("checks_skipped").isMissingNode(), "the flag is not on the wire: " + group);
    }
}
