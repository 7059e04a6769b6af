package io.provtest.route.billing;

import io.provtest.common.db.Keyset;
import io.provtest.common.page.PageToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The queries on {@code billing.billing}. */
@ApplicationScoped
public class ChargeRepository implements PanacheRepositoryBase<ChargeEntity, UUID> {

    public Uni<List<ChargeEntity>> page(UUID customerId, PageToken after, int pageSize) {
        String filter = customerId == null ? "1 = 1" : "customerId = :customer";
        Parameters params = customerId == null ? new Parameters() : Parameters.with("customer", customerId);
        return find(Keyset.where(filter, after), Keyset.NEWEST_FIRST, Keyset.params(params, after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list();
    }
}
