package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A provider call is limited as its admin's customer, where calls are created (call-manager): route-manager passes
 * call-manager's refusal on as it is, retry hint included, keeps no record and dials nothing. call-manager is a
 * stand-in answering its queue on the real broker.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ProviderCallLimitsTest {

    @Inject
    RpcClient rpc;

    @Inject
    DataSource dataSource;

    @Test
    void callManagersRateLimitRefusalReachesTheCallerWithItsRetryHint() throws Exception {
        UUID customer = UUID.randomUUID();
        try (StandInService calls = new StandInService("call-manager", r -> {
            ObjectNode reply = StandInService.error(429, "RESOURCE_EXHAUSTED", "RATE_LIMIT_EXCEEDED",
                    "The customer's limit of 3 calls per second is reached; no call was placed.");
            ((ObjectNode) reply.get("error")).put("retry_after_seconds", 1);
            return reply;
        })) {
            String provider = rpc.call("route-manager", "POST", "/v1/providers", Map.of("type", "sip",
                    "hostname", "limited.example"), Duration.ofSeconds(5)).dataOrThrow().get("id").asText();
            RpcResponse response = rpc.call("route-manager", "POST", "/v1/providercalls", Map.of(
                    "customer_id", customer.toString(), "created_by", UUID.randomUUID().toString(),
                    "request", Map.of("provider_id", provider, "source", Map.of("type", "tel", "target", "+14155551234"),
                            "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")))),
                    Duration.ofSeconds(10));
            assertEquals(429, response.statusCode());
            assertEquals("RATE_LIMIT_EXCEEDED", response.error().reason());
            assertEquals(1, response.error().retryAfterSeconds());
            assertEquals(customer.toString(), calls.received().get(0).data().get("customer_id").asText(),
                    "limited as the admin's own customer");
            assertEquals(0, records(customer), "no audit record for a refused request");
        }
    }

    private long records(UUID customer) throws Exception {
        return Sql.count(dataSource, "select count(*) from providercall where customer_id = ?", customer);
    }
}
