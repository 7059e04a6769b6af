package io.provtest.route.billing;

import io.provtest.common.db.Db;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

    private final ChargeLedger ledger;
    private final BillingConfig config;
    private final EventPublisher events;

    public ChargeService(ChargeLedger ledger, BillingConfig config, EventPublisher events) {
        this.ledger = ledger;
        this.config = config;
        this.events = events;
    }

    /** What billing needs of a call that ended. */
    public record EndedCall(UUID callId, UUID customerId, String direction, Address destination, Instant tmProgressing,
                            Instant tmHangup) {
    }

    /** An ended call to charge and the request id of its hangup event (its {@code billing_charged} carries it). */
    public record Hangup(EndedCall call, String requestId) {
    }

    /**
     * Charges a batch of ended calls in one transaction: the answered outgoing ones, each once however often it is
     * named. The lines already there are found with one query, each customer's account is locked once (customers in
     * id order, so that two replicas charging batches cannot deadlock), the lines are written in one batch, and the
     * events are confirmed before the commit. When the transaction fails, nothing of the batch is written: a batch
     * whose line another replica wrote meanwhile fails whole ({@code ALREADY_EXISTS}), and the caller charges its
     * calls one at a time, which tells each one apart (a single call's line found written is already charged).
     * Measured: one transaction per hangup kept billing at 8 charges a second while {@code bench/calls.sh 150} ran
     * (bench/README.md, "Billing under load").
     */
    public void chargeAll(List<Hangup> hangups) {
        Map<UUID, List<Hangup>> byCustomer = new TreeMap<>();
        Set<UUID> named = new HashSet<>();
        for (Hangup hangup : hangups) {
            EndedCall call = hangup.call();
            if (billable(call) && named.add(call.callId())) {
                byCustomer.computeIfAbsent(call.customerId(), c -> new ArrayList<>()).add(hangup);
            }
        }
        if (byCustomer.isEmpty()) {
            return;
        }
        try {
            Db.statements(() -> ledger.inTransaction(c -> ledger.charged(c, named).chain(existing -> {
                List<Uni<Void>> published = new ArrayList<>();
                Uni<Void> written = Uni.createFrom().voidItem();
                for (Map.Entry<UUID, List<Hangup>> customer : byCustomer.entrySet()) {
                    List<Hangup> due = customer.getValue().stream()
                            .filter(h -> !existing.contains(h.call().callId())).toList();
                    if (!due.isEmpty()) {
                        written = written.chain(() -> charge(c, customer.getKey(), due, published));
                    }
                }
                return written.chain(() -> published.isEmpty() ? Uni.createFrom().voidItem()
                        : Uni.join().all(published).andFailFast().replaceWithVoid());
            })));
        } catch (ServiceException e) {
            if (e.error().status() != ErrorStatus.ALREADY_EXISTS || hangups.size() > 1) {
                throw e;
            }
        }
    }

    private static boolean billable(EndedCall call) {
        return call.tmProgressing() != null && call.tmHangup() != null && "outgoing".equals(call.direction());
    }

    /**
     * One customer's calls on its account, locked for the rest of the transaction: their lines written and the
     * balance taken down; their events, to be confirmed before the commit, added to {@code published}.
     */
    private Uni<Void> charge(SqlConnection c, UUID customerId, List<Hangup> due, List<Uni<Void>> published) {
        return ledger.lock(c, customerId, config.currency()).chain(account -> {
            Instant now = Times.now();
            List<ChargeEntity> lines = new ArrayList<>();
            for (Hangup hangup : due) {
                ChargeEntity line = line(hangup.call(), account, now);
                if (line != null) {
                    lines.add(line);
                    published.add(Uni.createFrom().deferred(() -> events.publishing(CHARGED,
                            hangup.requestId(), line.toWire())));
                }
            }
            return ledger.write(c, account.id(), lines, now);
        });
    }

    /**
     * Pure: the line of a call on its account's plan; null when the plan has no rate for the call's destination.
     */
    private static ChargeEntity line(EndedCall call, ChargeLedger.LockedAccount account, Instant now) {
        String key = BillingRules.ratingKey(call.destination());
        BillingRules.Rate rate = BillingRules.match(account.rates(), key);
        if (rate == null) {
            // refused by pre-flight when it was placed; a plan changed since is not the customer's loss
            LOG.warnf("call %s to %s: no rate on plan %s, not charged", call.callId(), key, account.planId());
            return null;
        }
        long billable = BillingRules.billableSeconds(BillingRules.talkSeconds(call.tmProgressing(), call.tmHangup()),
                account.incrementSeconds());
        ChargeEntity line = new ChargeEntity();
        line.id = Ids.random();
        line.customerId = call.customerId();
        line.accountId = account.id();
        line.referenceType = ChargeEntity.REFERENCE_CALL;
        line.referenceId = call.callId();
        line.billableSeconds = (int) billable;
        line.amount = BillingRules.amount(billable, rate.perMinute(), account.connectionFee());
        line.ratePlanId = account.planId();
        line.ratePrefix = rate.prefix();
        line.perMinute = rate.perMinute();
        line.connectionFee = account.connectionFee();
        line.tmStart = call.tmProgressing();
        line.tmEnd = call.tmHangup();
        line.tmCreate = now;
        return line;
    }
}
