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
import io.provtest.common.api.route.OutboundConfigSpec;
import io.provtest.common.api.route.PreflightRequest;
import io.provtest.common.api.route.PreflightVerdict;
import io.provtest.common.api.route.ProviderPreviewRequest;
import io.provtest.common.api.route.ProviderSpec;
import io.provtest.common.api.route.RatePlanChange;
import io.provtest.common.api.route.RatePlanSpec;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.api.route.RouteSpec;
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
        JsonNode created = api().createProviderJson(new ProviderSpec("sip", "relay.contract.example", "8#", null,
                Map.of("X-Account", "7"), "tcp", "relayed", null, "pcma"));
        UUID id = UUID.fromString(created.path("id").asText());
        JsonNode read = api().providerJson(id);
        assertEquals("relayed", read.path("name").asText());
        assertEquals("8#", read.path("tech_prefix").asText(), read.toString());
        assertEquals("7", read.path("tech_headers").path("X-Account").asText(), read.toString());
        assertEquals("tcp", read.path("transport").asText(), read.toString());
        assertEquals("PCMA", read.path("codecs").asText(), read.toString());
        assertTrue(ids(t -> api().providersJson(null, 100, t)).contains(id.toString()));
        assertEquals("renamed", api().replaceProvider(id, new ProviderSpec("sip", "relay.contract.example", null,
                null, null, null, "renamed", null, null)).path("name").asText());
        ServiceException badProvider = assertThrows(ServiceException.class, () -> api().replaceProvider(id,
                new ProviderSpec("sip", "relay.contract.example", null, null, null, "sctp", null, null, null)));
        assertEquals("INVALID_PROVIDER", badProvider.error().reason());
        JsonNode preview = api().previewProvider(id, new ProviderPreviewRequest(
                new Address("tel", "+821012345678", null, null, null),
                new Address("tel", "+14155551234", null, null, null), null));
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
        JsonNode created = api().createRoute(new RouteSpec(customer, provider, 1, "+82", "korea", null));
        UUID id = UUID.fromString(created.path("id").asText());
        assertEquals("+82", api().route(id).path("target").asText());
        assertEquals("korea", api().route(id).path("name").asText());
        assertEquals(List.of(id.toString()), ids(t -> api().routes(customer, 100, t)));
        assertTrue(ids(t -> api().routes(null, 100, t)).contains(id.toString()), "every customer's");
        assertEquals(2, api().replaceRoute(id, new RouteSpec(customer, provider, 2, "+82", null, null))
                .path("priority").asInt());
        assertTrue(api().deleteRoute(id).hasNonNull("tm_delete"));
        ServiceException invalid = assertThrows(ServiceException.class,
                () -> api().createRoute(new RouteSpec(null, null, null, null, null, null)));
        assertEquals("INVALID_ROUTE", invalid.error().reason());
    }

    /** Placing one needs call-manager and flow-manager (their own tests and e2e do); here: each route answers. */
    @Test
    void providerCallRoutesAnswerTheRelayedRequests() {
        ServiceException invalid = assertThrows(ServiceException.class, () -> api().createProvidercall(
                new CreateProvidercallRequest(UUID.randomUUID(), UUID.randomUUID(), null, "active",
                        Json.tree(Map.of()))));
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

        List<RatePlanSpec.Rate> rates = List.of(new RatePlanSpec.Rate("+82", new BigDecimal("0.1")));
        UUID planId = UUID.fromString(api().createRatePlan(new RatePlanSpec("contract plan", null,
                new BigDecimal("0.02"), rates)).path("id").asText());
        JsonNode plan = api().ratePlan(planId);
        assertEquals("contract plan", plan.path("name").asText());
        assertEquals(0, new BigDecimal("0.02").compareTo(new BigDecimal(plan.path("connection_fee").asText())),
                plan.toString());
        assertEquals("+82", plan.path("rates").get(0).path("prefix").asText(), plan.toString());
        assertTrue(ids(t -> api().ratePlans(100, t)).contains(planId.toString()));
        assertEquals(30, api().replaceRatePlan(planId, new RatePlanSpec("contract plan", 30, null, rates))
                .path("increment_seconds").asInt());
        assertEquals(planId.toString(), api().setRatePlan(account, new RatePlanChange(planId))
                .path("rate_plan_id").asText());
        UUID spare = UUID.fromString(api().createRatePlan(new RatePlanSpec("spare plan", null, null, rates))
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

        JsonNode replaced = api().replaceOutboundConfig(customer, new OutboundConfigSpec(id, List.of("+82"),
                List.of("+8260"), 4, null, List.of("pcmu")));
        assertEquals(4, replaced.path("max_concurrent_calls").asInt());
        JsonNode read = api().outboundConfigJson(customer);
        assertEquals(id.toString(), read.path("default_outgoing_source_number_id").asText(), read.toString());
        assertEquals("+82", read.path("allowed_countries").get(0).asText());
        assertEquals("+8260", read.path("denied_prefixes").get(0).asText(), read.toString());
        assertEquals("PCMU", read.path("codecs").get(0).asText(), read.toString());
        assertEquals("disabled", api().replaceNumber(id, new NumberSpec(customer, "+1415" + digits, "disabled",
                "main", null)).path("status").asText());
        assertTrue(api().deleteNumber(id).hasNonNull("tm_delete"));
        assertEquals(400, assertThrows(ServiceException.class, () -> api().replaceOutboundConfig(customer,
                new OutboundConfigSpec(null, null, null, null, -1, null))).error().status().httpStatus());
    }
}
