package io.provtest.route.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.provtest.common.db.Db;
import io.provtest.route.number.NumberEntity;
import io.provtest.route.number.NumberRules;
import io.provtest.route.number.NumberService;
import io.provtest.route.number.OutboundConfigService;
import io.provtest.route.number.OutboundRules;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The pre-flight's one-statement read gives what the entities give, in real PostgreSQL: a customer without an
 * account gets one (once), and each later change (a top-up, another plan, an outbound config, a default number
 * disabled and deleted, a source owned by someone else) is read at the next pre-flight, nothing kept from before.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class PreflightLookupTest {

    @Inject
    PreflightLookup lookup;

    @Inject
    BillingService billing;

    @Inject
    NumberService numbers;

    @Inject
    OutboundConfigService outbound;

    @Inject
    AccountRepository accounts;

    @Inject
    RatePlanRepository plans;

    @Inject
    DataSource dataSource;

    /** A number no other test (or earlier run) holds. */
    private static String fresh() {
        return "+1" + (2000000000L + ThreadLocalRandom.current().nextLong(7999999999L));
    }

    private long accountRows(UUID customer) throws Exception {
        return Sql.count(dataSource, "select count(*) from billing.account where customer_id = ?", customer);
    }

    /** The balance and the plan as the entities read them, against the lookup's. */
    private void assertSameAsTheEntities(UUID customer, PreflightLookup.Facts read) {
        AccountEntity account = Db.read(() -> accounts.findByCustomer(customer));
        assertEquals(0, account.balance.compareTo(read.balance()), "balance");
        assertEquals(account.balance, read.balance(), "the same scale as the entity's");
        RatePlanEntity plan = Db.read(() -> plans.findById(account.ratePlanId));
        assertEquals(plan.id, read.plan().id);
        assertEquals(plan.incrementSeconds, read.plan().incrementSeconds);
        assertEquals(plan.connectionFee, read.plan().connectionFee);
        assertEquals(plan.rates, read.plan().rates, "the rates, in their stored order");
    }

    @Test
    void aNewCustomerGetsItsAccountOnceOnTheDefaultPlan() throws Exception {
        UUID customer = UUID.randomUUID();
        PreflightLookup.Facts first = lookup.facts(customer, null, false);
        assertEquals(0, first.balance().signum());
        assertEquals(BillingRules.DEFAULT_PLAN_ID, first.plan().id);
        assertEquals(List.of(), first.allowedCountries());
        assertEquals(List.of(), first.deniedPrefixes());
        assertNull(first.givenNumber());
        assertNull(first.defaultNumber());
        assertSameAsTheEntities(customer, first);
        lookup.facts(customer, null, false);
        assertEquals(1, accountRows(customer), "created at the first pre-flight only");
    }

    @Test
    void everyChangeIsReadAtTheNextPreflight() {
        UUID customer = UUID.randomUUID();
        UUID accountId = billing.accountOf(customer).id();
        String owned = fresh();
        NumberEntity.PhoneNumber fallback = numbers.create(new NumberRules.Spec(customer, fresh(), "active", "", ""));
        numbers.create(new NumberRules.Spec(customer, owned, "active", "", ""));
        String othersNumber = fresh();
        UUID other = UUID.randomUUID();
        NumberEntity.PhoneNumber others = numbers.create(new NumberRules.Spec(other, othersNumber, "active", "", ""));

        billing.adjust(accountId, AdjustmentEntity.ADD_FORCE, new BillingService.BalanceChange(new BigDecimal("2.5"),
                null));
        assertEquals(0, new BigDecimal("2.5").compareTo(lookup.facts(customer, null, false).balance()),
                "a top-up");
        billing.adjust(accountId, AdjustmentEntity.SUBTRACT_FORCE, new BillingService.BalanceChange(
                new BigDecimal("3"), null));
        assertEquals(0, new BigDecimal("-0.5").compareTo(lookup.facts(customer, null, false).balance()),
                "a subtraction below zero");

        UUID priced = billing.createPlan(new RatePlan.Spec("lookup", 6, new BigDecimal("0.01"), List.of(
                new BillingRules.Rate("+82", new BigDecimal("0.05")), new BillingRules.Rate("+8210",
                        new BigDecimal("0.07"))))).id();
        billing.setPlan(accountId, new BillingService.PlanChange(priced));
        PreflightLookup.Facts repriced = lookup.facts(customer, null, false);
        assertEquals(priced, repriced.plan().id, "another plan");
        assertSameAsTheEntities(customer, repriced);

        outbound.replace(customer, new OutboundRules.Spec(fallback.id(), List.of("+82", "+1"), List.of("+1900"), 0, 0,
                List.of()));
        PreflightLookup.Facts configured = lookup.facts(customer, owned, true);
        assertEquals(List.of("+82", "+1"), configured.allowedCountries(), "in the stored order");
        assertEquals(List.of("+1900"), configured.deniedPrefixes());
        assertEquals(owned, configured.givenNumber().number);
        assertEquals(customer, configured.givenNumber().customerId);
        assertEquals("active", configured.givenNumber().status);
        assertEquals(fallback.id(), configured.defaultNumber().id);
        assertEquals(fallback.number(), configured.defaultNumber().number);
        assertNull(configured.defaultNumber().tmDelete);
        assertNull(lookup.facts(customer, owned, false).defaultNumber(), "the default number only when asked");

        PreflightLookup.Facts othersSource = lookup.facts(customer, othersNumber, true);
        assertEquals(others.id(), othersSource.givenNumber().id, "the live row, whoever owns it");
        assertEquals(other, othersSource.givenNumber().customerId);
        assertNull(lookup.facts(customer, "+19999999999", true).givenNumber(), "a number nobody holds");

        numbers.replace(fallback.id(), new NumberRules.Spec(customer, fallback.number(), "disabled", "", ""));
        assertEquals("disabled", lookup.facts(customer, owned, true).defaultNumber().status);
        numbers.delete(fallback.id());
        assertNotNull(lookup.facts(customer, owned, true).defaultNumber().tmDelete, "a deleted default number");
        numbers.delete(others.id());
        assertNull(lookup.facts(customer, othersNumber, true).givenNumber(), "a deleted number is not live");
    }
}
