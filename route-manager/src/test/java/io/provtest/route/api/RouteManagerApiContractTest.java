package io.provtest.route.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.RpcApis;
import io.provtest.common.api.route.BalanceChange;
import io.provtest.common.api.route.CreateProviderRequest;
import io.provtest.common.api.route.CreateProvidercallRequest;
import io.provtest.common.api.route.DialrouteQuery;
import io.provtest.common.api.route.NumberSpec;
import io.provtest.common.api.route.OutboundConfig;
import io.provtest.common.api.route.PreflightRequest;
import io.provtest.common.api.route.PreflightVerdict;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.model.Provider;
import io.provtest.common.model.Route;
import io.provtest.common.page.Page;
import io.provtest.common.rpc.RpcClient;
import io.provtest.route.billing.BillingService;
import io.provtest.route.number.OutboundConfigService;
import io.provtest.route.number.OutboundRules;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RouteManagerApi}: each request of the shared client is served by route-manager's real
 * routes over the real broker and database, and the typed reply decodes. Providers, dialroutes, outbound config;
 * then the operations the gateway relays for the public API (providers, routes, provider calls, billing, numbers).
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class RouteManagerApiContractTest {

    @Inject
    RpcClient rpc;

    @Inject
    OutboundConfigService configs;

    @Inject
    BillingService billing;

    private RouteManagerApi api() {
        return RpcApis.client(RouteManagerApi.class, rpc, Duration.ofSeconds(5));
    }

    @Test
    void aProviderIsCreatedReadListedAndDeleted() {
        Provider created = api().createProvider(new CreateProviderRequest("sip", "contract.example:5070",
                "contract carrier"));
        assertNotNull(created.id());
        Provider read = api().provider(created.id());
        assertEquals("contract.example:5070", read.hostname());
        assertEquals("contract carrier", read.name());
        assertEquals(false, read.deleted());
        List<UUID> listed = new ArrayList<>();
        String token = "";
        do {
            Page<Provider> page = api().providers(100, token);
            page.result().forEach(p -> listed.add(p.id()));
            token = page.nextPageToken();
        } while (token != null && !token.isEmpty());
        assertTrue(listed.contains(created.id()), "the new provider is on a page");
        api().deleteProvider(created.id());
        assertTrue(api().provider(created.id()).deleted(), "deleted providers are still read, marked");
    }

    @Test
    void anUnknownProviderIsATyped404() {
        ServiceException e = assertThrows(ServiceException.class, () -> api().provider(UUID.randomUUID()));
        assertEquals("PROVIDER_NOT_FOUND", e.error().reason());
    }

    @Test
    void forcedDialroutesComeBackTypedInTheGivenOrder() {
        UUID first = api().createProvider(new CreateProviderRequest("sip", "first.contract.example", "first")).id();
        UUID second = api().createProvider(new CreateProviderRequest("sip", "second.contract.example", "second")).id();
        UUID customer = UUID.randomUUID();
        List<Route> routes = api().dialroutes(new DialrouteQuery(customer, "+821012345678", List.of(second, first)));
        assertEquals(List.of(second, first), routes.stream().map(Route::providerId).toList());
    }

    @Test
    void theOutboundConfigCarriesTheCustomersLimitsAndCodecsAndZeroWhenNoneAreSet() {
        UUID customer = UUID.randomUUID();
        assertEquals(new OutboundConfig(0, 0, List.of()), api().outboundConfig(customer));
        configs.replace(customer, new OutboundRules.Spec(null, null, null, 7, 3, List.of("pcma")));
        assertEquals(new OutboundConfig(3, 7, List.of("PCMA")), api().outboundConfig(customer));
    }

    // ---- the operations the gateway relays ----

    /** Every id on the pages of a relayed list, following next_page_token. */
    private static List<String> ids(java.util.function.Function<String, JsonNode> page) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            JsonNode p = page.apply(token);
            p.path("result").forEach(r -> ids.add(r.path("id").asText()));
            token = p.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return ids;
    }

    @Test
    void aProviderIsRelayedThroughItsWholeLife() {
        JsonNode created = api().createProviderJson(Map.of("type", "sip", "hostname", "relay.contract.example",
                "name", "relayed"));
        UUID id = UUID.fromString(created.path("id").asText());
        assertEquals("relayed", api().providerJson(id).path("name").asText());
        assertTrue(ids(t -> api().providersJson(null, 100, t)).contains(id.toString()));
        assertEquals("renamed", api().replaceProvider(id, Map.of("type", "sip", "hostname", "relay.contract.example",
                "name", "renamed")).path("name").asText());
        JsonNode preview = api().previewProvider(id, Map.of("destination", Map.of("type", "tel", "target",
                "+821012345678"), "source", Map.of("type", "tel", "target", "+14155551234")));
        assertTrue(preview.path("request_uri").asText().contains("relay.contract.example"), preview.toString());
        assertTrue(api().deleteProviderJson(id).hasNonNull("tm_delete"));
        ServiceException invalid = assertThrows(ServiceException.class,
                () -> api().providersJson("sideways", 10, null));
        assertEquals(400, invalid.error().status().httpStatus());
    }

    @Test
    void aRouteIsRelayedThroughItsWholeLife() {
        UUID provider = api().createProvider(new CreateProviderRequest("sip", "route.contract.example", "r")).id();
        UUID customer = UUID.randomUUID();
        JsonNode created = api().createRoute(Map.of("customer_id", customer.toString(), "provider_id",
                provider.toString(), "priority", 1, "target", "+82"));
        UUID id = UUID.fromString(created.path("id").asText());
        assertEquals("+82", api().route(id).path("target").asText());
        assertEquals(List.of(id.toString()), ids(t -> api().routes(customer, 100, t)));
        assertTrue(ids(t -> api().routes(null, 100, t)).contains(id.toString()), "every customer's");
        assertEquals(2, api().replaceRoute(id, Map.of("customer_id", customer.toString(), "provider_id",
                provider.toString(), "priority", 2, "target", "+82")).path("priority").asInt());
        assertTrue(api().deleteRoute(id).hasNonNull("tm_delete"));
        ServiceException invalid = assertThrows(ServiceException.class, () -> api().createRoute(Map.of()));
        assertEquals("INVALID_ROUTE", invalid.error().reason());
    }

    /** Placing one needs call-manager and flow-manager (their own tests and e2e do); here: each route answers. */
    @Test
    void providerCallRoutesAnswerTheRelayedRequests() {
        ServiceException invalid = assertThrows(ServiceException.class, () -> api().createProvidercall(
                new CreateProvidercallRequest(UUID.randomUUID(), UUID.randomUUID(), null, "active", Map.of())));
        assertEquals(400, invalid.error().status().httpStatus(), invalid.error().toString());
        assertTrue(api().providercalls(null, 10, null).path("result").isArray());
        assertTrue(api().providercalls(UUID.randomUUID(), 10, null).path("result").isEmpty());
        UUID unknown = UUID.randomUUID();
        assertEquals(404, assertThrows(ServiceException.class, () -> api().providercall(unknown))
                .error().status().httpStatus());
        assertEquals(404, assertThrows(ServiceException.class, () -> api().providercallReport(unknown))
                .error().status().httpStatus());
        assertEquals(404, assertThrows(ServiceException.class, () -> api().deleteProvidercall(unknown))
                .error().status().httpStatus());
    }

    @Test
    void billingIsRelayed() {
        UUID customer = UUID.randomUUID();
        UUID account = billing.accountOf(customer).id();
        assertEquals(List.of(account.toString()), ids(t -> api().billingAccounts(customer, 100, t)));
        assertEquals(customer.toString(), api().billingAccount(account).path("customer_id").asText());
        UUID agent = UUID.randomUUID();
        api().addBalance(account, new BalanceChange(new BigDecimal("12.5"), agent));
        JsonNode after = api().subtractBalance(account, new BalanceChange(new BigDecimal("2.5"), agent));
        assertEquals(0, new BigDecimal("10").compareTo(new BigDecimal(after.path("balance").asText())),
                after.toString());
        JsonNode adjustments = api().adjustments(account, 100, null).path("result");
        assertEquals(2, adjustments.size());
        assertEquals(agent.toString(), adjustments.get(0).path("created_by").asText());

        Map<String, Object> plan = Map.of("name", "contract plan", "rates", List.of(Map.of("prefix", "+82",
                "per_minute", 0.1)));
        UUID planId = UUID.fromString(api().createRatePlan(plan).path("id").asText());
        assertEquals("contract plan", api().ratePlan(planId).path("name").asText());
        assertTrue(ids(t -> api().ratePlans(100, t)).contains(planId.toString()));
        assertEquals(30, api().replaceRatePlan(planId, Map.of("name", "contract plan", "increment_seconds", 30,
                "rates", plan.get("rates"))).path("increment_seconds").asInt());
        assertEquals(planId.toString(), api().setRatePlan(account, Map.of("rate_plan_id", planId.toString()))
                .path("rate_plan_id").asText());
        UUID spare = UUID.fromString(api().createRatePlan(Map.of("name", "spare plan", "rates", plan.get("rates")))
                .path("id").asText());
        assertTrue(api().deleteRatePlan(spare).hasNonNull("tm_delete"));

        assertTrue(api().billings(customer, 100, null).path("result").isEmpty(), "no call charged yet");
        assertTrue(api().billings(null, 100, null).path("result").isArray());
        assertEquals(404, assertThrows(ServiceException.class, () -> api().billing(UUID.randomUUID()))
                .error().status().httpStatus());
    }

    @Test
    void thePreflightVerdictComesBackTypedOnePerDestination() {
        PreflightVerdict verdict = api().preflight(new PreflightRequest(UUID.randomUUID(), "active",
                Json.tree(new Address("tel", "+14155551234", null, null, null)),
                Json.tree(List.of(new Address("tel", "+821012345678", null, null, null))), "call"));
        assertEquals(1, verdict.outcomes().size());
        assertEquals(0, verdict.outcomes().get(0).index());
        PreflightVerdict frozen = api().preflight(new PreflightRequest(UUID.randomUUID(), "frozen", null,
                Json.tree(List.of(new Address("tel", "+821012345678", null, null, null))), "groupcall"));
        assertEquals("ACCOUNT_FROZEN", frozen.outcomes().get(0).error().reason());
    }

    @Test
    void numbersAndTheWholeOutboundConfigAreRelayed() {
        UUID customer = UUID.randomUUID();
        String digits = String.format("%07d", new java.util.Random().nextInt(10_000_000));
        JsonNode created = api().createNumber(new NumberSpec(customer, "+1 (415) " + digits.substring(0, 3) + "-"
                + digits.substring(3), "active", "main", null));
        UUID id = UUID.fromString(created.path("id").asText());
        assertEquals("+1415" + digits, api().number(id).path("number").asText());
        assertEquals(List.of(id.toString()), ids(t -> api().numbers(customer, 100, t)));
        assertTrue(ids(t -> api().numbers(null, 100, t)).contains(id.toString()));

        JsonNode replaced = api().replaceOutboundConfig(customer, Map.of("default_outgoing_source_number_id",
                id.toString(), "allowed_countries", List.of("+82"), "max_concurrent_calls", 4));
        assertEquals(4, replaced.path("max_concurrent_calls").asInt());
        JsonNode read = api().outboundConfigJson(customer);
        assertEquals(id.toString(), read.path("default_outgoing_source_number_id").asText(), read.toString());
        assertEquals("+82", read.path("allowed_countries").get(0).asText());
        assertEquals("disabled", api().replaceNumber(id, new NumberSpec(customer, "+1415" + digits, "disabled",
                "main", null)).path("status").asText());
        assertTrue(api().deleteNumber(id).hasNonNull("tm_delete"));
        assertEquals(400, assertThrows(ServiceException.class, () -> api().replaceOutboundConfig(customer,
                Map.of("calls_per_second", -1))).error().status().httpStatus());
    }
}
