package io.provtest.route.billing;

import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The statements of a batch of charges, on the reactive client in one {@code pool.withTransaction}, without a
 * Hibernate session: a charge is made at each answered call's hang-up, and through Hibernate each batch took a
 * session, a read of the lines, a locked read of the account, a read of its plan, a flush of the lines and of the
 * account's every column (bench/README.md, "The report's reads and the charges on the reactive client"). The
 * entities keep the pages and the rare changes (adjustments, plans).
 */
@Singleton
public class ChargeLedger {

    private static final RatesColumn RATES = new RatesColumn();
    private static final String CHARGED = "select reference_id from billing.billing where reference_type = $1"
            + " and reference_id = any($2)";
    /** The account with its plan, the account's row locked until the transaction ends. */
    private static final String LOCK = "select a.id, p.id, p.increment_seconds, p.connection_fee, cast(p.rates as text)"
            + " from billing.account a join billing.rate_plan p on p.id = a.rate_plan_id where a.customer_id = $1"
            + " for no key update of a";
    /** Creates the account unless it exists: the repository's statement, numbered for the reactive client. */
    private static final String ENSURE = AccountRepository.ensureStatement(n -> "$" + n);
    private static final String LINE = "insert into billing.billing (id, customer_id, account_id, reference_type,"
            + " reference_id, billable_seconds, amount, rate_plan_id, rate_prefix, per_minute, connection_fee,"
            + " tm_start, tm_end, tm_create) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
    private static final String DEBIT = "update billing.account set balance = balance - $2, tm_update = $3"
            + " where id = $1";

    /** A customer's account, locked, and the plan it is on. */
    public record LockedAccount(UUID id, UUID planId, int incrementSeconds, BigDecimal connectionFee,
                                List<BillingRules.Rate> rates) {
    }

    private final Pool pool;

    public ChargeLedger(Pool pool) {
        this.pool = pool;
    }

    /** {@code work} in one transaction on one connection: committed when its Uni succeeds. */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** Which of {@code callIds} have their line already (one statement for a batch). */
    public Uni<Set<UUID>> charged(SqlConnection c, Collection<UUID> callIds) {
        return c.preparedQuery(CHARGED).execute(Tuple.of(ChargeEntity.REFERENCE_CALL, callIds.toArray(new UUID[0])))
                .map(rows -> {
                    Set<UUID> found = new HashSet<>();
                    rows.forEach(r -> found.add(r.getUUID(0)));
                    return found;
                });
    }

    /** The customer's account (created first, balance 0 on the default plan, when missing), locked. */
    public Uni<LockedAccount> lock(SqlConnection c, UUID customerId, String currency) {
        return locked(c, customerId).chain(found -> found != null ? Uni.createFrom().item(found)
                : c.preparedQuery(ENSURE).execute(Tuple.from(Arrays.asList(Ids.random(), customerId, currency,
                                BillingRules.DEFAULT_PLAN_ID, Times.utc(Times.now()))))
                        .chain(() -> locked(c, customerId)));
    }

    private static Uni<LockedAccount> locked(SqlConnection c, UUID customerId) {
        return c.preparedQuery(LOCK).execute(Tuple.of(customerId)).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row r = it.next();
            return new LockedAccount(r.getUUID(0), r.getUUID(1), r.getInteger(2), r.getBigDecimal(3),
                    RATES.convertToEntityAttribute(r.getString(4)));
        });
    }

    /** The lines written and their sum taken from the account's balance (the account's tm_update set with it). */
    public Uni<Void> write(SqlConnection c, UUID accountId, List<ChargeEntity> lines, Instant now) {
        if (lines.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = lines.stream().map(l -> Tuple.from(Arrays.asList(l.id, l.customerId, l.accountId,
                l.referenceType, l.referenceId, l.billableSeconds, l.amount, l.ratePlanId, l.ratePrefix, l.perMinute,
                l.connectionFee, Times.utc(l.tmStart), Times.utc(l.tmEnd), Times.utc(l.tmCreate)))).toList();
        BigDecimal total = lines.stream().map(l -> l.amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        Uni<?> written = c.preparedQuery(LINE).executeBatch(rows);
        // lines of nothing (the default plan is free) leave the balance, and so the row, as it was
        return total.signum() == 0 ? written.replaceWithVoid()
                : written.chain(() -> c.preparedQuery(DEBIT).execute(Tuple.of(accountId, total, Times.utc(now))))
                        .replaceWithVoid();
    }
}
