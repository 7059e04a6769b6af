package io.provtest.route.billing;

import io.provtest.common.db.Db;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Charges a call once it hung up: from its answer (tm_progressing) to its hangup, on the plan of its customer's
 * account at that moment, rounded up to the plan's increment, plus the connection fee. The line is unique on the
 * call id, and the check, the line, the balance and {@code billing_charged} are one transaction: a call_hangup
 * delivered twice, or to two replicas at once, charges once (the second finds the line, or loses the unique
 * index and rolls back whole).
 */
@Singleton
public class ChargeService {

    public static final String CHARGED = "billing_charged";
    private static final Logger LOG = Logger.getLogger(ChargeService.class);

    private final BillingService billing;
    private final AccountRepository accounts;
    private final RatePlanRepository plans;
    private final ChargeRepository charges;
    private final EventPublisher events;

    public ChargeService(BillingService billing, AccountRepository accounts, RatePlanRepository plans,
                         ChargeRepository charges, EventPublisher events) {
        this.billing = billing;
        this.accounts = accounts;
        this.plans = plans;
        this.charges = charges;
        this.events = events;
    }

    /** What billing needs of a call that ended. */
    public record EndedCall(UUID callId, UUID customerId, String direction, Address destination, Instant tmProgressing,
                            Instant tmHangup) {
    }

    public enum Result { CHARGED, ALREADY_CHARGED, NOT_BILLABLE }

    public Result charge(EndedCall call) {
        if (call.tmProgressing() == null || call.tmHangup() == null || !"outgoing".equals(call.direction())) {
            return Result.NOT_BILLABLE;
        }
        String key = BillingRules.ratingKey(call.destination());
        try {
            return Db.transaction(() -> charges.findByReference(ChargeEntity.REFERENCE_CALL, call.callId())
                    .chain(existing -> existing != null ? Uni.createFrom().item(Result.ALREADY_CHARGED)
                            : billing.ensured(call.customerId())
                            .chain(account -> accounts.lock(account.id))
                            .chain(account -> plans.findById(account.ratePlanId)
                                    .chain(plan -> write(call, key, account, plan)))));
        } catch (ServiceException e) {
            if (e.error().status() == ErrorStatus.ALREADY_EXISTS) {
                return Result.ALREADY_CHARGED;
            }
            throw e;
        }
    }

    private Uni<Result> write(EndedCall call, String key, AccountEntity account, RatePlanEntity plan) {
        BillingRules.Rate rate = BillingRules.match(plan.rates, key);
        if (rate == null) {
            // refused by pre-flight when it was placed; a plan changed since is not the customer's loss
            LOG.warnf("call %s to %s: no rate on plan %s, not charged", call.callId(), key, plan.id);
            return Uni.createFrom().item(Result.NOT_BILLABLE);
        }
        long billable = BillingRules.billableSeconds(BillingRules.talkSeconds(call.tmProgressing(), call.tmHangup()),
                plan.incrementSeconds);
        ChargeEntity line = new ChargeEntity();
        line.id = Ids.random();
        line.customerId = call.customerId();
        line.accountId = account.id;
        line.referenceType = ChargeEntity.REFERENCE_CALL;
        line.referenceId = call.callId();
        line.billableSeconds = (int) billable;
        line.amount = BillingRules.amount(billable, rate.perMinute(), plan.connectionFee);
        line.ratePlanId = plan.id;
        line.ratePrefix = rate.prefix();
        line.perMinute = rate.perMinute();
        line.connectionFee = plan.connectionFee;
        line.tmStart = call.tmProgressing();
        line.tmEnd = call.tmHangup();
        line.tmCreate = Times.now();
        account.balance = account.balance.subtract(line.amount);
        account.tmUpdate = line.tmCreate;
        return charges.persist(line).call(charges::flush)
                .call(() -> events.publishing(CHARGED, line.toWire()))
                .replaceWith(Result.CHARGED);
    }
}
