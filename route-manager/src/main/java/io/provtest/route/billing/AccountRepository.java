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
import java.util.function.IntFunction;

/** The queries on {@code billing.account}. */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<AccountEntity, UUID> {

    private static final String ENSURE = ensureStatement(n -> "?" + n);

    /**
     * Creates the customer's account (balance 0, the default plan) unless it exists: an insert that ignores the
     * unique customer_id, so replicas and concurrent requests creating it at once end with one account. Its
     * parameters: id, customer, currency, plan, creation time, each written by {@code parameter} (Hibernate's native
     * {@code ?n} here, the reactive client's {@code $n} in {@link ChargeLedger}).
     */
    static String ensureStatement(IntFunction<String> parameter) {
        return "insert into billing.account (id, customer_id, balance, currency, rate_plan_id, tm_create) values ("
                + parameter.apply(1) + ", " + parameter.apply(2) + ", 0, " + parameter.apply(3) + ", "
                + parameter.apply(4) + ", " + parameter.apply(5) + ") on conflict (customer_id) do nothing";
    }

    /** {@link #ensureStatement}: the customer's account on the default plan unless it exists. */
    public Uni<Integer> ensure(UUID id, UUID customerId, String currency, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery(ENSURE)
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
