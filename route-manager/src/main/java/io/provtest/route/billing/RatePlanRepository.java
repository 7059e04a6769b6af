package io.provtest.route.billing;

import io.provtest.common.db.Keyset;
import io.provtest.common.page.PageToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The queries on {@code billing.rate_plan}. */
@ApplicationScoped
public class RatePlanRepository implements PanacheRepositoryBase<RatePlanEntity, UUID> {

    public Uni<List<RatePlanEntity>> pageLive(PageToken after, int pageSize) {
        return find(Keyset.where("tmDelete is null", after), Keyset.NEWEST_FIRST, Keyset.params(new Parameters(), after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list();
    }

    public Uni<Boolean> softDelete(UUID id, Instant now) {
        return update("tmDelete = ?1, tmUpdate = ?1 where id = ?2 and tmDelete is null", now, id).map(n -> n == 1);
    }
}
