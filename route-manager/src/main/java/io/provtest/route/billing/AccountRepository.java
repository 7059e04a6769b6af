package io.provtest.route.billing;

import io.provtest.common.db.Keyset;
import io.provtest.common.page.PageToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The queries on {@code billing.account}. */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<AccountEntity, UUID> {

    /**
     * Creates the customer's account (balance 0, the default plan) unless it exists: an insert that ignores the
     * unique customer_id, so replicas and concurrent requests creating it at once end with one account.
     */
    public Uni<Integer> ensure(UUID id, UUID customerId, String currency, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into billing.account "
                        + "(id, customer_id, balance, currency, rate_plan_id, tm_create) values (?1, ?2, 0, ?3, ?4, ?5) "
                        + "on conflict (customer_id) do nothing")
                .setParameter(1, id).setParameter(2, customerId).setParameter(3, currency)
                .setParameter(4, BillingRules.DEFAULT_PLAN_ID).setParameter(5, now).executeUpdate());
    }

    public Uni<AccountEntity> findByCustomer(UUID customerId) {
        return find("customerId", customerId).firstResult();
    }

    /** The row locked until the transaction ends: balance changes (charges, adjustments) never lose an update. */
    public Uni<AccountEntity> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<List<AccountEntity>> page(UUID customerId, PageToken after, int pageSize) {
        String filter = customerId == null ? "1 = 1" : "customerId = :customer";
        Parameters params = customerId == null ? new Parameters() : Parameters.with("customer", customerId);
        return find(Keyset.where(filter, after), Keyset.NEWEST_FIRST, Keyset.params(params, after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list();
    }

    public Uni<Long> countOnPlan(UUID planId) {
        return count("ratePlanId", planId);
    }
}
