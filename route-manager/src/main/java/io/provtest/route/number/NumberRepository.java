package io.provtest.route.number;

import io.provtest.common.db.Keyset;
import io.provtest.common.page.PageToken;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The queries on {@code numbers.number}. */
@ApplicationScoped
public class NumberRepository implements PanacheRepositoryBase<NumberEntity, UUID> {

    /** Live numbers, newest first; every customer's when {@code customerId} is null. */
    public Uni<List<NumberEntity>> listLive(UUID customerId, PageToken after, int pageSize) {
        String filter = customerId == null ? "tmDelete is null" : "tmDelete is null and customerId = :customer";
        Parameters params = customerId == null ? new Parameters() : Parameters.with("customer", customerId);
        return find(Keyset.where(filter, after), Keyset.NEWEST_FIRST, Keyset.params(params, after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list();
    }

    /** Soft delete of a live row: false when it was missing or already deleted. */
    public Uni<Boolean> softDelete(UUID id, Instant now) {
        return update("tmDelete = ?1, tmUpdate = ?1 where id = ?2 and tmDelete is null", now, id).map(n -> n == 1);
    }
}
