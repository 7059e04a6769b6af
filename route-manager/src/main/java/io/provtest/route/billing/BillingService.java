package io.provtest.route.billing;

import io.provtest.common.db.Db;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcContext;
import io.provtest.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Accounts, rate plans and the super-admin balance changes. Every balance change runs on the account's row locked,
 * so charges and adjustments from several replicas never lose an update; an adjustment writes its audit row in the
 * same transaction.
 */
@Singleton
public class BillingService {

    /**
     * A super-admin changed an account's balance or plan: call-manager judges the customer's live calls again (a
     * top-up lets them run longer, a new plan prices them anew). Confirmed before the change commits.
     */
    public static final String ACCOUNT_UPDATED = "billing_account_updated";

    private final AccountRepository accounts;
    private final RatePlanRepository plans;
    private final ChargeRepository charges;
    private final AdjustmentRepository adjustments;
    private final BillingConfig config;
    private final EventPublisher events;

    public BillingService(AccountRepository accounts, RatePlanRepository plans, ChargeRepository charges,
                          AdjustmentRepository adjustments, BillingConfig config, EventPublisher events) {
        this.events = events;
        this.accounts = accounts;
        this.plans = plans;
        this.charges = charges;
        this.adjustments = adjustments;
        this.config = config;
    }

    // --- accounts

    /** The customer's account, created at first use (balance 0, the default plan). */
    public AccountEntity.Account accountOf(UUID customerId) {
        return Db.transaction(() -> ensured(customerId)).toWire();
    }

    /** Inside a unit of work: the customer's account, created first (a concurrent creator wins quietly) if missing. */
    Uni<AccountEntity> ensured(UUID customerId) {
        return accounts.findByCustomer(customerId).chain(found -> found != null ? Uni.createFrom().item(found)
                : accounts.ensure(Ids.random(), customerId, config.currency(), Times.now())
                        .chain(() -> accounts.findByCustomer(customerId)));
    }

    public AccountEntity.Account account(UUID id) {
        AccountEntity found = Db.read(() -> accounts.findById(id));
        if (found == null) {
            throw accountNotFound();
        }
        return found.toWire();
    }

    /** One customer's (its account created if missing) or every account, newest first. */
    public Page<AccountEntity.Account> listAccounts(UUID customerId, String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        if (customerId != null) {
            accountOf(customerId);
        }
        List<AccountEntity.Account> rows = Db.read(() -> accounts.page(customerId, after, pageSize)).stream()
                .map(AccountEntity::toWire).toList();
        return Page.of(rows, pageSize, AccountEntity.Account::tmCreate, AccountEntity.Account::id);
    }

    public record PlanChange(UUID ratePlanId) {
    }

    /** Attaches a live rate plan to an account. */
    public AccountEntity.Account setPlan(UUID id, PlanChange change) {
        if (change == null || change.ratePlanId() == null) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "rate_plan_id: is required",
                    new Validation().reject("rate_plan_id", "is required").violations());
        }
        return Db.transaction(() -> plans.findById(change.ratePlanId()).chain(plan -> {
            if (plan == null || plan.tmDelete != null) {
                throw ratePlanNotFound();
            }
            return accounts.lock(id);
        }).onItem().ifNull().failWith(BillingService::accountNotFound).chain(account -> {
            account.ratePlanId = change.ratePlanId();
            account.tmUpdate = Times.now();
            return accounts.flush().call(() -> events.publishing(ACCOUNT_UPDATED, account.toWire()))
                    .replaceWith(account);
        })).toWire();
    }

    public record BalanceChange(BigDecimal balance, UUID createdBy) {
    }

    /** balance_add_force / balance_subtract_force: amount > 0; a subtraction may take the balance below zero. */
    public AccountEntity.Account adjust(UUID id, String kind, BalanceChange change) {
        Validation v = new Validation();
        Money.check(v, "balance", change == null ? null : change.balance(), false);
        v.throwIfInvalid("INVALID_ARGUMENT");
        BigDecimal delta = AdjustmentEntity.ADD_FORCE.equals(kind) ? change.balance() : change.balance().negate();
        String requestId = RpcContext.currentRequestId();
        Instant now = Times.now();
        return Db.transaction(() -> accounts.lock(id).onItem().ifNull().failWith(BillingService::accountNotFound)
                .chain(account -> {
                    account.balance = account.balance.add(delta);
                    account.tmUpdate = now;
                    AdjustmentEntity audit = new AdjustmentEntity();
                    audit.id = Ids.random();
                    audit.accountId = account.id;
                    audit.kind = kind;
                    audit.amount = change.balance();
                    audit.balanceAfter = account.balance;
                    audit.createdBy = change.createdBy();
                    audit.requestId = requestId;
                    audit.tmCreate = now;
                    return adjustments.persist(audit).call(accounts::flush)
                            .call(() -> events.publishing(ACCOUNT_UPDATED, account.toWire())).replaceWith(account);
                })).toWire();
    }

    public Page<AdjustmentEntity.Adjustment> adjustments(UUID accountId, String pageToken, int pageSize) {
        account(accountId);
        PageToken after = PageToken.decode(pageToken);
        List<AdjustmentEntity.Adjustment> rows = Db.read(() -> adjustments.page(accountId, after, pageSize)).stream()
                .map(AdjustmentEntity::toWire).toList();
        return Page.of(rows, pageSize, AdjustmentEntity.Adjustment::tmCreate, AdjustmentEntity.Adjustment::id);
    }

    // --- rate plans

    public RatePlan createPlan(RatePlan.Spec spec) {
        RatePlan.Spec valid = RatePlan.Spec.validate(spec);
        RatePlanEntity e = new RatePlanEntity();
        e.id = Ids.random();
        e.set(valid);
        e.tmCreate = Times.now();
        return Db.transaction(() -> plans.persistAndFlush(e)).toWire();
    }

    /** Deleted plans are answered too (charges refer to them). */
    public RatePlan plan(UUID id) {
        RatePlanEntity found = Db.read(() -> plans.findById(id));
        if (found == null) {
            throw ratePlanNotFound();
        }
        return found.toWire();
    }

    public Page<RatePlan> listPlans(String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        List<RatePlan> rows = Db.read(() -> plans.pageLive(after, pageSize)).stream().map(RatePlanEntity::toWire)
                .toList();
        return Page.of(rows, pageSize, RatePlan::tmCreate, RatePlan::id);
    }

    /** Full replace; calls already charged keep the prices they were charged at (copied onto each line). */
    public RatePlan replacePlan(UUID id, RatePlan.Spec spec) {
        RatePlan.Spec valid = RatePlan.Spec.validate(spec);
        return Db.transaction(() -> plans.findById(id).chain(plan -> {
            if (plan == null || plan.tmDelete != null) {
                throw ratePlanNotFound();
            }
            plan.set(valid);
            plan.tmUpdate = Times.now();
            return plans.flush().replaceWith(plan);
        })).toWire();
    }

    /** Soft delete, idempotent. The default plan and a plan some account is on cannot be deleted (409). */
    public RatePlan deletePlan(UUID id) {
        if (BillingRules.DEFAULT_PLAN_ID.equals(id)) {
            throw new ServiceException(ErrorStatus.FAILED_PRECONDITION, "RATE_PLAN_IN_USE",
                    "The platform's default rate plan cannot be deleted.");
        }
        return Db.transaction(() -> accounts.countOnPlan(id).chain(n -> {
            if (n > 0) {
                throw new ServiceException(ErrorStatus.FAILED_PRECONDITION, "RATE_PLAN_IN_USE",
                        n + " billing account(s) are on this rate plan; move them first.");
            }
            return plans.softDelete(id, Times.now());
        }).chain(() -> plans.findById(id)).onItem().ifNull().failWith(BillingService::ratePlanNotFound)).toWire();
    }

    // --- charges

    /** One customer's charged calls, or everyone's, newest first. */
    public Page<ChargeEntity.Billing> billings(UUID customerId, String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        List<ChargeEntity.Billing> rows = Db.read(() -> charges.page(customerId, after, pageSize)).stream()
                .map(ChargeEntity::toWire).toList();
        return Page.of(rows, pageSize, ChargeEntity.Billing::tmCreate, ChargeEntity.Billing::id);
    }

    public ChargeEntity.Billing billing(UUID id) {
        ChargeEntity found = Db.read(() -> charges.findById(id));
        if (found == null) {
            throw ServiceException.notFound("BILLING_NOT_FOUND", "The billing was not found.");
        }
        return found.toWire();
    }

    static ServiceException accountNotFound() {
        return ServiceException.notFound("BILLING_ACCOUNT_NOT_FOUND", "The billing account was not found.");
    }

    static ServiceException ratePlanNotFound() {
        return ServiceException.notFound("RATE_PLAN_NOT_FOUND", "The rate plan was not found.");
    }
}
