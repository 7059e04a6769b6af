package io.provtest.route.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.api.RpcApis;
import io.provtest.common.api.route.CreateProviderRequest;
import io.provtest.common.api.route.DialrouteQuery;
import io.provtest.common.api.route.OutboundConfig;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Provider;
import io.provtest.common.model.Route;
import io.provtest.common.page.Page;
import io.provtest.common.rpc.RpcClient;
import io.provtest.route.number.OutboundConfigService;
import io.provtest.route.number.OutboundRules;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RouteManagerApi}: each request of the shared client is served by route-manager's real
 * routes over the real broker and database, and the typed reply decodes. Providers, dialroutes, outbound config.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class RouteManagerApiContractTest {

    @Inject
    RpcClient rpc;

    @Inject
    OutboundConfigService configs;

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
}
