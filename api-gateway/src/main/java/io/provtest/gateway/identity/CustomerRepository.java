package io.provtest.gateway.identity;

import io.provtest.common.db.Keyset;
import io.provtest.common.page.PageToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The queries on {@code customer}. Changes to a live row are conditional and report whether they matched. */
@ApplicationScoped
public class CustomerRepository implements PanacheRepositoryBase<CustomerEntity, UUID> {

    private final Pool pool;

    public CustomerRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The customer's status as stored, frozen when it is missing or deleted: one select on the reactive client,
     * without a Hibernate session, because every provider call and groupcall request asks it (bench/README.md,
     * "Provider calls on this machine, and two reads taken off their path").
     */
    public Uni<String> storedStatus(UUID id) {
        return pool.preparedQuery("select status from api_gateway.customer where id = $1 and tm_delete is null")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Customer.FROZEN : rows.iterator().next().getString(0));
    }

    /** Live customers, newest first. */
    public Uni<List<CustomerEntity>> listLive(PageToken after, int pageSize) {
        return find(Keyset.where("tmDelete is null", after), Keyset.NEWEST_FIRST,
                Keyset.params(new Parameters(), after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list();
    }

    /**
     * Renames a live customer and, when given (not null), changes its webhook and its status: false when it is
     * missing or deleted (a concurrent delete wins, nothing revives).
     */
    public Uni<Boolean> update(UUID id, String name, String detail, String webhookUri, String webhookMethod,
                               String status, Instant now) {
        Parameters params = Parameters.with("name", name).and("detail", detail).and("now", now).and("id", id);
        StringBuilder set = new StringBuilder("name = :name, detail = :detail, tmUpdate = :now");
        if (webhookUri != null) {
            set.append(", webhookUri = :webhookUri");
            params.and("webhookUri", webhookUri);
        }
        if (webhookMethod != null) {
            set.append(", webhookMethod = :webhookMethod");
            params.and("webhookMethod", webhookMethod);
        }
        if (status != null) {
            set.append(", status = :status");
            params.and("status", status);
        }
        return update(set + " where id = :id and tmDelete is null", params).map(n -> n == 1);
    }

    /** Soft delete of a live row: false when it was missing or already deleted. */
    public Uni<Boolean> softDelete(UUID id, Instant now) {
        return update("tmDelete = ?1, tmUpdate = ?1 where id = ?2 and tmDelete is null", now, id).map(n -> n == 1);
    }

    /** The row as the database has it now (after a bulk update in this session). */
    public Uni<CustomerEntity> reload(CustomerEntity entity) {
        return Panache.getSession().chain(s -> s.refresh(entity)).replaceWith(entity);
    }
}
