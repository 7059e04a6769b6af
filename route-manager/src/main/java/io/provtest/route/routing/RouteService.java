package io.provtest.route.routing;

import io.provtest.common.model.Route;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.db.Jdbc;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.E164;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.provtest.route.provider.ProviderRepository;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Routes and the dialroutes call-manager dials through. */
@Singleton
public class RouteService {

    public static final String CREATED = "route_created";
    public static final String UPDATED = "route_updated";
    public static final String DELETED = "route_deleted";

    private final Jdbc jdbc;
    private final RouteRepository routes;
    private final ProviderRepository providers;
    private final EventPublisher events;

    public RouteService(DataSource dataSource, RouteRepository routes, ProviderRepository providers,
                        EventPublisher events) {
        this.jdbc = new Jdbc(dataSource);
        this.routes = routes;
        this.providers = providers;
        this.events = events;
    }

    public Route create(RouteSpec spec) {
        return jdbc.inTransaction(c -> {
            requireLiveProvider(c, spec.providerId());
            Route created = routes.insert(c, Ids.random(), spec, Times.now());
            events.publish(CREATED, created);
            return created;
        });
    }

    public Route get(UUID id) {
        return jdbc.read(c -> routes.find(c, id)).orElseThrow(RouteService::notFound);
    }

    public Page<Route> list(UUID customerId, String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        return Page.of(jdbc.read(c -> routes.listLive(c, customerId, after, pageSize)), pageSize, Route::tmCreate,
                Route::id);
    }

    public Route replace(UUID id, RouteSpec spec) {
        return jdbc.inTransaction(c -> {
            requireLiveProvider(c, spec.providerId());
            Route updated = routes.replace(c, id, spec, Times.now()).orElseThrow(RouteService::notFound);
            events.publish(UPDATED, updated);
            return updated;
        });
    }

    /** Soft delete, idempotent like providers'. */
    public Route delete(UUID id) {
        Instant now = Times.now();
        return jdbc.inTransaction(c -> {
            var deleted = routes.softDelete(c, id, now);
            if (deleted.isPresent()) {
                events.publish(DELETED, deleted.get());
                return deleted.get();
            }
            return routes.find(c, id).orElseThrow(RouteService::notFound);
        });
    }

    /**
     * The routes a tel call to {@code target} tries, in order. With {@code targetProviderIds} (a forced provider
     * test) exactly those providers in the given order, each of which must exist and be live.
     */
    public List<Route> dialroutes(UUID customerId, String target, List<UUID> targetProviderIds) {
        if (targetProviderIds != null && !targetProviderIds.isEmpty()) {
            // A forced call may also be to a sip address, which has no country code: the target is only shown.
            String shown = target == null ? "" : target;
            return jdbc.read(c -> {
                List<Route> forced = new ArrayList<>();
                for (UUID providerId : targetProviderIds) {
                    requireLiveProvider(c, providerId);
                    forced.add(Route.synthetic(providerId, customerId, forced.size(), shown));
                }
                return List.copyOf(forced);
            });
        }
        String number = E164.normalise(target);
        if (!E164.isValid(number)) {
            throw ServiceException.invalid("INVALID_DESTINATION", "The target must be an E.164 number.");
        }
        List<String> targets = new ArrayList<>(List.of(E164.countryCodeCandidates(number)));
        targets.add(Route.TARGET_ALL);
        return Dialroutes.order(jdbc.read(c -> routes.candidates(c, customerId, targets)), customerId);
    }

    private void requireLiveProvider(Connection c, UUID providerId) throws SQLException {
        if (providers.find(c, providerId).filter(p -> !p.deleted()).isEmpty()) {
            throw ServiceException.notFound("PROVIDER_NOT_FOUND", "The provider " + providerId + " was not found.");
        }
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
