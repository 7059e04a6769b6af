package io.provtest.route.routing;

import io.provtest.common.model.Route;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DialroutesTest {

    private static final UUID CUSTOMER = UUID.randomUUID();
    private static final UUID DEFAULT = Route.DEFAULT_CUSTOMER;

    private static Route route(UUID customer, UUID provider, int priority, String target) {
        return new Route(UUID.randomUUID(), customer, provider, priority, target, "", "", Instant.now(), null, null);
    }

    @Test
    void customerCountryThenCustomerAllThenDefaultsByPriorityEachProviderOnce() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        List<Route> candidates = List.of(
                route(DEFAULT, d, 0, "all"),
                route(CUSTOMER, c, 1, "all"),
                route(CUSTOMER, b, 5, "+82"),
                route(CUSTOMER, a, 2, "+82"),
                route(DEFAULT, a, 0, "+82"),
                route(DEFAULT, c, 0, "all"));
        List<UUID> order = Dialroutes.order(candidates, CUSTOMER).stream().map(Route::providerId).toList();
        assertEquals(List.of(a, b, c, d), order);
    }

    @Test
    void lowerPriorityWinsWithinAGroupRegardlessOfInsertionOrder() {
        UUID slow = UUID.randomUUID();
        UUID fast = UUID.randomUUID();
        List<Route> candidates = List.of(route(CUSTOMER, slow, 10, "all"), route(CUSTOMER, fast, 1, "all"));
        assertEquals(fast, Dialroutes.order(candidates, CUSTOMER).get(0).providerId());
    }

    @Test
    void targetsAreAllOrACountryCode() {
        for (String ok : new String[] {"all", "+1", "+82", "+358"}) {
            assertEquals(true, RouteValidator.isTarget(ok), ok);
        }
        for (String bad : new String[] {"1", "+0", "+1234", "ALL", "+8a", "", "+"}) {
            assertEquals(false, RouteValidator.isTarget(bad), bad);
        }
    }
}
