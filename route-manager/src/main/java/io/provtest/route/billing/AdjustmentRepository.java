package io.provtest.route.billing;

import io.provtest.common.db.Keyset;
import io.provtest.common.page.PageToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The queries on {@code billing.balance_adjustment}. */
@ApplicationScoped
public class AdjustmentRepository implements PanacheRepositoryBase<AdjustmentEntity, UUID> {

    public Uni<List<AdjustmentEntity>> page(UUID accountId, PageToken after, int pageSize) {
        return find(Keyset.where("accountId = :account", after), Keyset.NEWEST_FIRST,
                Keyset.params(Parameters.with("account", accountId), after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list();
    }
}
