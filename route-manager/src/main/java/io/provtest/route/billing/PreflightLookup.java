package io.provtest.route.billing;

import io.provtest.common.db.Db;
import io.provtest.common.error.ServiceException;
import io.provtest.common.time.Times;
import io.provtest.route.number.NumberEntity;
import io.provtest.route.number.StringListColumn;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Everything the pre-flight decides on, in one statement on the reactive client: the customer's balance, its rate
 * plan, its outbound config and, when a source is to be validated, the live row of the given source's number and the
 * customer's default number.
 *
 * <p>Why one query and no Hibernate session: the pre-flight was a Hibernate Reactive transaction of three reads
 * (account, plan, outbound config), i.e. five round trips (begin, three selects, commit), each a hop onto the
 * event loop and back, with a session opened and closed around them. On a machine whose cores are saturated by the
 * rest of the call path, every hop waits behind the event loop's other work, which is what made it cost tens of
 * milliseconds at p99 (README, "What the pre-flight costs"). One statement is one hop and one snapshot, so the facts
 * are also consistent with each other, which three statements of a read-committed transaction were not.
 * Route-manager's {@code ProviderLookup} is the same choice for the same reason.
 *
 * <p>It joins the {@code billing} and {@code numbers} schemas: both live in this service for this pre-flight (README,
 * "Numbers and outbound config"); if they ever move apart, this read splits in two again.
 * {@code PreflightLookupTest} holds the rows it reads equal to what the entities read.
 */
@Singleton
public class PreflightLookup {

    /** As long as a statement may take before the request fails (the RPC's own deadline is longer). */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * $1 customer id, $2 the source's number to look up (null: none), $3 whether to read the default number. A live
     * number is unique (index number_live_unique) and the others are by key, so there is one row, or none when the
     * customer has no account yet.
     */
    private static final String FACTS = "select a.balance, p.id, p.increment_seconds, p.connection_fee,"
            + " p.rates::text, o.allowed_countries::text, o.denied_prefixes::text,"
            + " g.id, g.customer_id, g.number, g.status,"
            + " d.id, d.customer_id, d.number, d.status, d.tm_delete"
            + " from billing.account a"
            + " join billing.rate_plan p on p.id = a.rate_plan_id"
            + " left join numbers.outbound_config o on o.customer_id = a.customer_id"
            + " left join numbers.number g on g.number = $2 and g.tm_delete is null"
            + " left join numbers.number d on $3 and d.id = o.default_outgoing_source_number_id"
            + " where a.customer_id = $1";
    private static final RatesColumn RATES = new RatesColumn();
    private static final StringListColumn STRINGS = new StringListColumn();

    /**
     * The facts of one customer. {@code givenNumber}: the live row of the source's number, whoever owns it (null when
     * not asked or there is none); {@code defaultNumber}: the row of the customer's default outgoing source number,
     * deleted or not (null when not asked or none is set).
     */
    public record Facts(BigDecimal balance, RatePlanEntity plan, List<String> allowedCountries,
                        List<String> deniedPrefixes, NumberEntity givenNumber, NumberEntity defaultNumber) {
    }

    private final Pool pool;
    private final BillingService billing;

    public PreflightLookup(Pool pool, BillingService billing) {
        this.pool = pool;
        this.billing = billing;
    }

    /**
     * The customer's facts; its account is created first when it has none (balance 0, the default plan), as every
     * read of an account does. {@code sourceNumber}: the number to look up (null: none); {@code withDefaultNumber}:
     * read the default number too. Waits on the calling (worker) thread.
     */
    public Facts facts(UUID customerId, String sourceNumber, boolean withDefaultNumber) {
        Facts found = read(customerId, sourceNumber, withDefaultNumber);
        if (found != null) {
            return found;
        }
        billing.accountOf(customerId);
        found = read(customerId, sourceNumber, withDefaultNumber);
        if (found == null) {
            throw ServiceException.internal("The customer's billing account could not be read.");
        }
        return found;
    }

    private Facts read(UUID customerId, String sourceNumber, boolean withDefaultNumber) {
        RowIterator<Row> rows = Db.awaitStatement(pool.preparedQuery(FACTS)
                .execute(Tuple.of(customerId, sourceNumber, withDefaultNumber)), STATEMENT_TIMEOUT).iterator();
        return rows.hasNext() ? facts(rows.next()) : null;
    }

    private static Facts facts(Row r) {
        RatePlanEntity plan = new RatePlanEntity();
        plan.id = r.getUUID(1);
        plan.incrementSeconds = r.getInteger(2);
        plan.connectionFee = r.getBigDecimal(3);
        plan.rates = RATES.convertToEntityAttribute(r.getString(4));
        List<String> allowed = r.getString(5) == null ? List.of() : STRINGS.convertToEntityAttribute(r.getString(5));
        List<String> denied = r.getString(6) == null ? List.of() : STRINGS.convertToEntityAttribute(r.getString(6));
        return new Facts(r.getBigDecimal(0), plan, allowed, denied, number(r, 7, false), number(r, 11, true));
    }

    /** The number whose columns start at {@code first}: id, customer_id, number, status[, tm_delete]. */
    private static NumberEntity number(Row r, int first, boolean withDeletion) {
        if (r.getUUID(first) == null) {
            return null;
        }
        NumberEntity n = new NumberEntity();
        n.id = r.getUUID(first);
        n.customerId = r.getUUID(first + 1);
        n.number = r.getString(first + 2);
        n.status = r.getString(first + 3);
        if (withDeletion) {
            n.tmDelete = Times.instant(r.getOffsetDateTime(first + 4));
        }
        return n;
    }
}
