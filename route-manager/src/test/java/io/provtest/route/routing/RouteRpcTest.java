package io.provtest.route.routing;

import io.provtest.common.model.Route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Routes and dialroutes through route-manager's request queue against real PostgreSQL. */
@QuarkusTest
@WithTestResource(InfraResource.class)
class RouteRpcTest {

    @Inject
    RpcClient rpc;

    private RpcResponse send(String method, String uri, Object body) {
        return rpc.call("route-manager", method, uri, body, Duration.ofSeconds(5));
    }

    private String provider(String host) {
        return send("POST", "/v1/providers", Map.of("type", "sip", "hostname", host)).dataOrThrow().get("id").asText();
    }

    private String route(UUID customer, String provider, int priority, String target) {
        return send("POST", "/v1/routes", Map.of("customer_id", customer.toString(), "provider_id", provider,
                "priority", priority, "target", target)).dataOrThrow().get("id").asText();
    }

    private List<String> dialroutes(UUID customer, String target, List<String> forced) {
        JsonNode routes = send("GET", "/v1/dialroutes", Map.of("customer_id", customer.toString(), "target", target,
                "target_provider_ids", forced)).dataOrThrow();
        List<String> providers = new ArrayList<>();
        routes.forEach(r -> providers.add(r.get("provider_id").asText()));
        return providers;
    }

    @Test
    void dialroutesMixCustomerAllAndDefaultRoutesByPriorityAndSkipDeletedProviders() {
        UUID customer = UUID.randomUUID();
        String countryLow = provider("kr-low.example");
        String countryHigh = provider("kr-high.example");
        String all = provider("all.example");
        String fallback = provider("default.example");
        String deleted = provider("deleted.example");
        route(customer, countryHigh, 9, "+82");
        route(customer, countryLow, 1, "+82");
        route(customer, all, 0, "all");
        route(customer, deleted, 0, "+82");
        route(customer, countryHigh, 0, "+1");
        route(Route.DEFAULT_CUSTOMER, fallback, 0, "all");
        send("DELETE", "/v1/providers/" + deleted, null).dataOrThrow();

        List<String> kr = dialroutes(customer, "+821012345678", List.of());
        assertEquals(List.of(countryLow, countryHigh, all, fallback), kr.subList(0, 4));
        assertEquals(false, kr.contains(deleted));
    }

    @Test
    void forcedProvidersComeBackAsSyntheticRoutesInTheGivenOrder() {
        String first = provider("first.example");
        String second = provider("second.example");
        UUID customer = UUID.randomUUID();
        assertEquals(List.of(second, first), dialroutes(customer, "+821012345678", List.of(second, first)));
        JsonNode synthetic = send("GET", "/v1/dialroutes", Map.of("customer_id", customer.toString(),
                "target", "+821012345678", "target_provider_ids", List.of(first))).dataOrThrow().get(0);
        assertEquals("synthetic-test-route", synthetic.get("name").asText());
    }

    @Test
    void aForcedProviderThatIsMissingOrDeletedIsATyped404() {
        String gone = provider("gone.example");
        send("DELETE", "/v1/providers/" + gone, null).dataOrThrow();
        for (String id : new String[] {gone, UUID.randomUUID().toString()}) {
            RpcResponse response = send("GET", "/v1/dialroutes", Map.of("customer_id", UUID.randomUUID().toString(),
                    "target", "+821012345678", "target_provider_ids", List.of(id)));
            assertEquals(404, response.statusCode());
            assertEquals("PROVIDER_NOT_FOUND", response.error().reason());
        }
    }

    @Test
    void routeCrudValidatesAndPublishes() throws Exception {
        try (EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            String provider = provider("crud.example");
            String id = route(UUID.randomUUID(), provider, 3, "+44");
            assertNotNull(tap.await(b -> b.contains("route_created") && b.contains(id), Duration.ofSeconds(5)));
            assertEquals(400, send("POST", "/v1/routes", Map.of("customer_id", "x", "provider_id", provider,
                    "priority", "high", "target", "44")).statusCode());
            assertEquals("PROVIDER_NOT_FOUND", send("POST", "/v1/routes", Map.of("customer_id", UUID.randomUUID().toString(),
                    "provider_id", UUID.randomUUID().toString(), "priority", 1, "target", "all")).error().reason());
            JsonNode updated = send("PUT", "/v1/routes/" + id, Map.of("customer_id", UUID.randomUUID().toString(),
                    "provider_id", provider, "priority", 7, "target", "all")).dataOrThrow();
            assertEquals(7, updated.get("priority").asInt());
            assertNotNull(tap.await(b -> b.contains("route_updated") && b.contains(id), Duration.ofSeconds(5)));
            send("DELETE", "/v1/routes/" + id, null).dataOrThrow();
            assertNotNull(tap.await(b -> b.contains("route_deleted") && b.contains(id), Duration.ofSeconds(5)));
        }
    }

    @Test
    void previewShowsTheExactRequestUriAndHeaders() {
        String id = send("POST", "/v1/providers", Map.of("type", "sip", "hostname", "carrier.example:5070",
                "tech_prefix", "9", "tech_postfix", "#", "tech_headers", Map.of("X-Account", "42")))
                .dataOrThrow().get("id").asText();
        JsonNode preview = send("POST", "/v1/providers/" + id + "/preview", Map.of(
                "destination", Map.of("type", "tel", "target", "+821012345678"),
                "source", Map.of("type", "tel", "target", "+14155551234"), "anonymous", "yes")).dataOrThrow();
        assertEquals("sip:9+821012345678%23@carrier.example:5070", preview.get("request_uri").asText());
        assertEquals("P-Asserted-Identity", preview.get("headers").get(1).get("name").asText());
        assertEquals("X-Account", preview.get("headers").get(2).get("name").asText());
        assertEquals("INVALID_ANONYMOUS_VALUE", send("POST", "/v1/providers/" + id + "/preview", Map.of(
                "destination", Map.of("type", "tel", "target", "+821012345678"), "anonymous", "maybe")).error().reason());
    }
}
