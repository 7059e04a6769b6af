package io.provtest.route.routing;

import io.provtest.common.model.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The order in which a tel call tries providers: the customer's routes for the destination's country code, then
 * the customer's "all" routes, then the same two groups of the default customer; by priority within a group (the
 * reference ignores priority), each provider once, at its first place.
 */
public final class Dialroutes {

    private Dialroutes() {
    }

    public static List<Route> order(List<Route> candidates, UUID customerId) {
        List<Route> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingInt((Route r) -> group(r, customerId))
                .thenComparingInt(Route::priority)
                .thenComparing(Route::tmCreate, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Route::id));
        Set<UUID> seen = new HashSet<>();
        List<Route> ordered = new ArrayList<>();
        for (Route route : sorted) {
            if (seen.add(route.providerId())) {
                ordered.add(route);
            }
        }
        return List.copyOf(ordered);
    }

    private static int group(Route route, UUID customerId) {
        int owner = route.customerId().equals(customerId) ? 0 : 2;
        return owner + (Route.TARGET_ALL.equals(route.target()) ? 1 : 0);
    }
}
