package io.provtest.route.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code BILLING_PROVIDERCALL_PREFLIGHT=skipped-for-benchmark} (bench/preflight.sh's run without the checks): a
 * provider call that every check would refuse (no balance on a priced plan, a denied prefix) reaches call-manager,
 * with a warning on its record saying so, while a frozen customer's is still refused and a group call's pre-flight
 * still checks everything. With the default setting the same provider call is refused 402 and nothing is dialed
 * ({@code BillingTest.aProviderCallWhoseDestinationsAreAllRefusedDialsNothing}).
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
@TestProfile(PreflightSkippedForBenchmarkTest.Skipped.class)
class PreflightSkippedForBenchmarkTest {

    public static class Skipped implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("billing.providercall-preflight", "skipped-for-benchmark");
        }
    }

    private static final Duration T = Duration.ofSeconds(10);
    private static final Map<String, Object> KOREA = Map.of("type", "tel", "target", "+821012345678");

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

    @Test
    void aProviderCallSkipsTheChecksButAFrozenCustomerAndGroupCallsAreStillRefused() throws Exception {
        UUID customer = UUID.randomUUID();
        String account = call("GET", "/v1/customers/" + customer + "/billing_account", null).get("id").asText();
        String plan = call("POST", "/v1/rate_plans", Map.of("name", "priced", "increment_seconds", 60,
                "connection_fee", new BigDecimal("0.01"), "rates", List.of(Map.of("prefix", "+82",
                        "per_minute", new BigDecimal("0.05"))))).get("id").asText();
        call("PUT", "/v1/billing_accounts/" + account, Map.of("rate_plan_id", plan));
        call("PUT", "/v1/customers/" + customer + "/outbound_config", Map.of("allowed_countries", List.of(),
                "denied_prefixes", List.of("+8210"), "max_concurrent_calls", 0, "calls_per_second", 0));
        try (StandInService calls = new StandInService("call-manager", r -> StandInService.ok(Map.of("outcomes",
                List.of(Map.of("index", 0, "destination", KOREA, "call_id", UUID.randomUUID().toString())))))) {
            String provider = call("POST", "/v1/providers", Map.of("type", "sip", "hostname", "carrier.example"))
                    .get("id").asText();
            Map<String, Object> command = new HashMap<>(Map.of("customer_id", customer.toString(),
                    "created_by", UUID.randomUUID().toString(), "request", Map.of("provider_id", provider,
                            "source", Map.of("type", "tel", "target", "+14155551234"), "destinations", List.of(KOREA)),
                    "customer_status", "active"));
            JsonNode placed = call("POST", "/v1/providercalls", command);
            assertEquals(1, placed.get("call_ids").size(), placed.toString());
            assertEquals(1, creates(calls), "dialed without balance, despite the denied prefix");
            assertEquals(1, placed.get("warnings").size(), placed.toString());
            assertEquals("The pre-flight was skipped for a benchmark (BILLING_PROVIDERCALL_PREFLIGHT="
                    + "skipped-for-benchmark): its balance, outbound config and rate plan were not checked.",
                    placed.get("warnings").get(0).asText(), "the record says it was not checked");

            command.put("customer_status", "frozen");
            RpcResponse frozen = raw("POST", "/v1/providercalls", command);
            assertEquals(403, frozen.statusCode());
            assertEquals("ACCOUNT_FROZEN", frozen.error().reason());
            assertEquals(1, creates(calls), "a frozen customer's call is not dialed");
        }
        JsonNode group = call("POST", "/v1/billing/preflight", Map.of("customer_id", customer.toString(),
                "destinations", List.of(KOREA), "skip_source_validation", true, "origin", "groupcall"));
        assertEquals("INSUFFICIENT_BALANCE", group.get("outcomes").get(0).get("error").get("reason").asText(),
                "group calls keep every check");
    }
}
