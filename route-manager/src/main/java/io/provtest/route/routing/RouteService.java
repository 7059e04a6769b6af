package io.provtest.route.routing;

import io.provtest.common.model.Route;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.db.Db;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.E164;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.provtest.route.provider.ProviderEntity;
import io.provtest.route.provider.ProviderRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Routes and the dialroutes call-manager dials through. */
@Singleton
public class RouteService {

    public static final String CREATED = "route_created";
    public static final String UPDATED = "route_updated";
    public static final String DELETED = "route_deleted";

    private final RouteRepository routes;
    private final ProviderRepository providers;
    private final EventPublisher events;

    public RouteService(RouteRepository routes, ProviderRepository providers, EventPublisher events) {
        this.routes = routes;
        this.providers = providers;
        this.events = events;
    }

    public Route create(RouteSpec spec) {
        return Db.transaction(() -> requireLiveProvider(spec.providerId())
                .chain(() -> routes.persistAndFlush(RouteEntity.of(Ids.random(), spec, Times.now())))
                .map(RouteEntity::toRoute)
                .call(created -> events.publishing(CREATED, created)));
    }

    public Route get(UUID id) {
        RouteEntity found = Db.read(() -> routes.findById(id));
        if (found == null) {
            throw notFound();
        }
        return found.toRoute();
    }

    public Page<Route> list(UUID customerId, String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        List<Route> rows = Db.read(() -> routes.listLive(customerId, after, pageSize))
                .stream().map(RouteEntity::toRoute).toList();
        return Page.of(rows, pageSize, Route::tmCreate, Route::id);
    }

    public Route replace(UUID id, RouteSpec spec) {
        return Db.transaction(() -> requireLiveProvider(spec.providerId())
                .chain(() -> routes.replace(id, spec, Times.now()))
                .invoke(replaced -> {
                    if (!replaced) {
                        throw notFound();
                    }
                })
                .chain(() -> routes.findById(id))
                .map(RouteEntity::toRoute)
                .call(updated -> events.publishing(UPDATED, updated)));
    }

    /** Soft delete, idempotent like providers'. */
    public Route delete(UUID id) {
        Instant now = Times.now();
        return Db.transaction(() -> routes.softDelete(id, now)
                .chain(changed -> routes.findById(id)
                        .onItem().ifNull().failWith(RouteService::notFound)
                        .map(RouteEntity::toRoute)
                        .call(route -> changed ? events.publishing(DELETED, route) : Uni.createFrom().voidItem())));
    }

    /**
     * The routes a tel call to {@code target} tries, in order. With {@code targetProviderIds} (a forced provider
     * test) exactly those providers in the given order, each of which must exist and be live.
     */
    public List<Route> dialroutes(UUID customerId, String target, List<UUID> targetProviderIds) {
        if (targetProviderIds != null && !targetProviderIds.isEmpty()) {
            // A forced call may also be to a sip address, which has no country code: the target is only shown.
            String shown = target == null ? "" : target;
            Set<UUID> live = Db.read(() -> providers.findLive(targetProviderIds)).stream()
                    .map(p -> p.id).collect(Collectors.toSet());
            List<Route> forced = new ArrayList<>();
            for (UUID providerId : targetProviderIds) {
                if (!live.contains(providerId)) {
                    throw providerNotFound(providerId);
                }
                forced.add(Route.synthetic(providerId, customerId, forced.size(), shown));
            }
            return List.copyOf(forced);
        }
        String number = E164.normalise(target);
        if (!E164.isValid(number)) {
            throw ServiceException.invalid("INVALID_DESTINATION", "The target must be an E.164 number.");
        }
        List<String> targets = new ArrayList<>(List.of(E164.countryCodeCandidates(number)));
        targets.add(Route.TARGET_ALL);
        List<Route> candidates = Db.read(() -> routes.candidates(customerId, targets))
                .stream().map(RouteEntity::toRoute).toList();
        return Dialroutes.order(candidates, customerId);
    }

    private Uni<ProviderEntity> requireLiveProvider(UUID providerId) {
        return providers.findById(providerId).invoke(provider -> {
            if (provider == null || provider.deleted()) {
                throw providerNotFound(providerId);
            }
        });
    }

    private static ServiceException providerNotFound(UUID providerId) {
        return ServiceException.notFound("PROVIDER_NOT_FOUND", "The provider " + providerId + " was not found.");
    }

    static ServiceException notFound() {
        return ServiceException.notFound("ROUTE_NOT_FOUND", "The route was not found.");
    }

    /** {@code {"customer_id", "target", "target_provider_ids":[…]}}. */
    public record DialrouteQuery(UUID customerId, String target, List<UUID> targetProviderIds) {
    }

    static DialrouteQuery query(JsonNode data) {
        if (data == null || !data.isObject() || !Ids.isUuid(data.path("customer_id").asText(null))) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "customer_id (a UUID) and target are required.");
        }
        List<UUID> forced = new ArrayList<>();
        JsonNode ids = data.path("target_provider_ids");
        if (!ids.isMissingNode() && !ids.isNull()) {
            if (!ids.isArray()) {
                throw ServiceException.invalid("INVALID_ARGUMENT", "target_provider_ids must be a list of UUIDs.");
            }
            for (JsonNode id : ids) {
                forced.add(Ids.parseId(id.asText(null)));
            }
        }
        return new DialrouteQuery(UUID.fromString(data.get("customer_id").asText()), data.path("target").asText(null),
                forced);
    }
}
