package io.provtest.route.routing;

import io.provtest.common.db.Keyset;
import io.provtest.common.model.Route;
import io.provtest.common.page.PageToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The queries on {@code route}. Conditional changes report whether they matched, so callers stay idempotent. */
@ApplicationScoped
public class RouteRepository implements PanacheRepositoryBase<RouteEntity, UUID> {

    /** Live routes, newest first; all customers' when {@code customerId} is null. */
    public Uni<List<RouteEntity>> listLive(UUID customerId, PageToken after, int pageSize) {
        String filter = customerId == null ? "tmDelete is null" : "tmDelete is null and customerId = :customer";
        Parameters params = customerId == null ? new Parameters() : Parameters.with("customer", customerId);
        return find(Keyset.where(filter, after), Keyset.NEWEST_FIRST, Keyset.params(params, after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list();
    }

    /** Full replace of a live route: false when it is missing or deleted. */
    public Uni<Boolean> replace(UUID id, RouteSpec spec, Instant now) {
        return update("customerId = ?1, providerId = ?2, priority = ?3, target = ?4, name = ?5, detail = ?6,"
                        + " tmUpdate = ?7 where id = ?8 and tmDelete is null", spec.customerId(), spec.providerId(),
                spec.priority(), spec.target(), spec.name(), spec.detail(), now, id).map(n -> n == 1);
    }

    /** Soft delete of a live row: false when it was missing or already deleted. */
    public Uni<Boolean> softDelete(UUID id, Instant now) {
        return update("tmDelete = ?1, tmUpdate = ?1 where id = ?2 and tmDelete is null", now, id).map(n -> n == 1);
    }

    /** Live routes of the customer and of the default customer for these targets, through live providers only. */
    public Uni<List<RouteEntity>> candidates(UUID customerId, List<String> targets) {
        return list("select r from RouteEntity r where r.tmDelete is null and r.customerId in ?1 and r.target in ?2"
                        + " and exists (select p.id from ProviderEntity p where p.id = r.providerId and p.tmDelete is null)",
                List.of(customerId, Route.DEFAULT_CUSTOMER), targets);
    }
}
