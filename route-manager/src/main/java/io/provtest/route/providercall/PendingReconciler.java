package io.provtest.route.providercall;

import io.provtest.common.api.call.CallsCreated;
import io.provtest.common.api.call.CreateRequestStatus;
import io.provtest.common.db.Db;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.request.RequestIds;
import io.provtest.common.rpc.RpcContext;
import io.provtest.common.time.Times;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Provider calls left {@code pending} (route-manager stopped mid-request, or call-manager did not answer in time)
 * are settled from what call-manager did, never guessed: every {@code providercall.reconcile-interval} on each
 * replica (and right after start, off the start-up thread), when a client sends a stale record's
 * Idempotency-Key again, and when a client reads a stale record ({@link ProviderCallService}, {@link #reconcileSoon}),
 * each stale record's create request is looked up in
 * call-manager by its key ({@code providercall:<id>}):
 * <ul>
 *   <li>served: the calls it placed are linked and the record is {@code created} ({@code providercall_created}),
 *       or {@code failed} with call-manager's outcomes when it placed none;</li>
 *   <li>still being served: left pending, however long (never settled failed while call-manager may still be
 *       placing its calls; after {@code providercall.stale-serving} a warning is logged). An instance that dies gives
 *       its unanswered requests back (call-manager's takeover, or its own restart), which then read as never taken;</li>
 *   <li>never taken: its deadline is long past, so call-manager never will take it: {@code failed}
 *       ({@code ORCHESTRATION_INTERRUPTED}), keeping any calls an older record recorded;</li>
 *   <li>call-manager unreachable: left pending, the round stops and the next one tries again.</li>
 * </ul>
 * A record settles once ({@code settle} is conditional), so replicas reconciling together do no harm. The temporary
 * flow of a record that placed nothing is deleted before it settles; a flow that could not be deleted (flow-manager
 * or the broker away) keeps the record pending until a later round deletes it.
 */
@Singleton
public class PendingReconciler {

    private static final Logger LOG = Logger.getLogger(PendingReconciler.class);
    /** A settle that is not announced (a record that failed: nothing was created). */
    private static final Function<ProviderCall, Uni<Void>> NOT_ANNOUNCED =
            record -> Uni.createFrom().voidItem();

    private final ProviderCallRepository records;
    private final ProviderCallClients clients;
    private final EventPublisher events;
    private final ProviderCallConfig config;
    private final ReportReadiness reports;
    private ScheduledExecutorService ticker;
    /** Records a client read while stale, reconciled one at a time off the request's thread ({@link #reconcileSoon}). */
    private final ExecutorService readNow = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "providercall-reconcile-read");
        t.setDaemon(true);
        return t;
    });
    private final Set<UUID> readQueued = ConcurrentHashMap.newKeySet();

    public PendingReconciler(ProviderCallRepository records, ProviderCallClients clients, EventPublisher events,
                             ProviderCallConfig config, ReportReadiness reports) {
        this.reports = reports;
        this.records = records;
        this.clients = clients;
        this.events = events;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.reconcileInterval().isZero()) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "providercall-reconciler");
            t.setDaemon(true);
            return t;
        });
        long every = config.reconcileInterval().toMillis();
        ticker.scheduleWithFixedDelay(() -> {
            try {
                reconcile(Times.now().minus(config.stalePending()));
            } catch (RuntimeException e) {
                LOG.warnf("reconciliation of pending provider calls failed: %s", e.getMessage());
            }
            try {
                int announced = reports.sweep();
                if (announced > 0) {
                    LOG.infof("announced %d reports no hang-up could announce (marked, or calls untagged)", announced);
                }
            } catch (RuntimeException e) {
                LOG.warnf("the reports of marked or untagged provider calls were not looked at: %s", e.getMessage());
            }
        }, 1_000, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        readNow.shutdownNow();
    }

    /**
     * A stale record a client has just read (its GET, its report): reconciled now, on a thread of its own, rather
     * than at the next round, up to {@code providercall.reconcile-interval} later; the client's next read sees it
     * settled. Not in the read itself: a GET is answered on the quick workers and must not wait on call-manager (an
     * unreachable one would hold each read for the RPC's whole deadline). A record already queued is not queued again.
     */
    public void reconcileSoon(ProviderCall p) {
        if (!readQueued.add(p.id())) {
            return;
        }
        try {
            readNow.execute(() -> {
                try (RpcContext.Scope ignored = RpcContext.open(RequestIds.generate(), null)) {
                    if (reconcile(p) == Result.SETTLED) {
                        LOG.infof("provider call %s settled when it was read", p.id());
                    }
                } catch (RuntimeException e) {
                    LOG.infof("provider call %s read while stale was not reconciled (%s); the rounds go on",
                            p.id(), e.getMessage());
                } finally {
                    readQueued.remove(p.id());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            readQueued.remove(p.id()); // stopping: the next start's round takes it
        }
    }

    /** One round over the records pending since before {@code olderThan}; how many it settled. */
    public int reconcile(Instant olderThan) {
        List<ProviderCall> stale = Db.read(() -> records.pendingBefore(olderThan)).stream()
                .map(ProviderCallEntity::toProviderCall).toList();
        int settled = 0;
        try (RpcContext.Scope ignored = RpcContext.open(RequestIds.generate(), null)) {
            for (ProviderCall p : stale) {
                Result result = reconcile(p);
                if (result == Result.UNANSWERED) {
                    break; // call-manager is away: the next round tries again
                }
                settled += result == Result.SETTLED ? 1 : 0;
            }
        }
        if (settled > 0) {
            LOG.warnf("settled %d interrupted provider calls", settled);
        }
        return settled;
    }

    /**
     * When a pending record becomes stale ({@code providercall.stale-pending} after it was written): no live request
     * places anything for it after that, so it may be reconciled. The rounds use the same wait.
     */
    public Instant staleAt(ProviderCall p) {
        return p.tmCreate().plus(config.stalePending());
    }

    /** Whether {@code p} is a pending record that may be reconciled at {@code now} ({@link #staleAt}). */
    public boolean isStale(ProviderCall p, Instant now) {
        return ProviderCall.PENDING.equals(p.status()) && !now.isBefore(staleAt(p));
    }

    /** What one record's reconciliation came to. */
    public enum Result {
        /** Settled by this reconciliation ({@code created} or {@code failed}). */
        SETTLED,
        /**
         * Not settled by it: call-manager is still placing its calls, its temporary flow could not be deleted yet, or
         * another replica (or the request itself) settled it meanwhile.
         */
        NOT_SETTLED,
        /** Still pending: call-manager could not say what the request came to. */
        UNANSWERED
    }

    /**
     * One stale record, settled from what call-manager says its create request came to (the class comment), on the
     * caller's request context: a round's, or a client's that sent the record's Idempotency-Key again. The caller
     * has checked that the record is stale; a record that is no longer pending is left as it is (the settle is
     * conditional).
     */
    public Result reconcile(ProviderCall p) {
        CreateRequestStatus status;
        try {
            status = clients.createRequestStatus(p.id());
        } catch (ServiceException e) {
            if (!"CREATE_REQUEST_NOT_FOUND".equals(e.error().reason())) {
                LOG.infof("call-manager cannot say what provider call %s came to (%s); it stays pending",
                        p.id(), e.error().reason());
                return Result.UNANSWERED;
            }
            status = null;
        }
        if (status == null) {
            return interrupted(p, "route-manager stopped before the outcome was known.") ? Result.SETTLED
                    : Result.NOT_SETTLED;
        }
        if (status.served()) {
            return link(p, status.result()) ? Result.SETTLED : Result.NOT_SETTLED;
        }
        if (p.tmCreate().isBefore(Times.now().minus(config.staleServing()))) {
            // never settled while call-manager says it is placing: its calls would have no record. An instance
            // that dies gives its unanswered requests back (they then read as never taken).
            LOG.warnf("provider call %s: call-manager has been placing its calls since %s; it stays pending",
                    p.id(), p.tmCreate());
        }
        return Result.NOT_SETTLED;
    }

    private boolean link(ProviderCall p, CallsCreated result) {
        Placed placed = Placed.of(result);
        if (placed.nothing()) {
            if (!deleteTempFlow(p)) {
                return false;
            }
            // nothing placed: no hang-up to wait for (tagged, vacuously)
            return Db.statements(() -> records.settle(p.id(), ProviderCall.FAILED, List.of(), List.of(),
                    placed.outcomes(), true, Times.now(), NOT_ANNOUNCED)) != null;
        }
        boolean settled = Db.statements(() -> records.settle(p.id(), ProviderCall.CREATED, placed.callIds(),
                placed.groupcallIds(), placed.outcomes(), ReportReadiness.callsNameIt(p.id(), result), Times.now(),
                created -> events.publishing("providercall_created", created))) != null;
        if (settled) {
            // its calls may all have ended already: the report may be ready now
            reports.settled(SettledRecord.of(p, ProviderCall.CREATED, placed.callIds(), placed.groupcallIds()));
            LOG.infof("provider call %s linked to the %d calls and %d groupcalls call-manager placed", p.id(),
                    placed.callIds().size(), placed.groupcallIds().size());
        }
        return settled;
    }

    private boolean interrupted(ProviderCall p, String message) {
        List<ProviderCall.Outcome> outcomes = new ArrayList<>(p.outcomes());
        if (outcomes.isEmpty()) {
            outcomes.add(new ProviderCall.Outcome(null, null, null, ApiError.of(ErrorStatus.UNAVAILABLE,
                    "ORCHESTRATION_INTERRUPTED", message)));
        }
        if (p.callIds().isEmpty() && p.groupcallIds().isEmpty() && !deleteTempFlow(p)) {
            return false;
        }
        // what the record names was noted before the answer was lost: whether those calls carry its id is not known,
        // so it is swept until announced (none placed: nothing to wait for)
        boolean nothing = p.callIds().isEmpty() && p.groupcallIds().isEmpty();
        boolean settled = Db.statements(() -> records.settle(p.id(), ProviderCall.FAILED, p.callIds(),
                p.groupcallIds(), outcomes, nothing, Times.now(), NOT_ANNOUNCED)) != null;
        if (settled && !nothing) {
            reports.settled(SettledRecord.of(p, ProviderCall.FAILED, p.callIds(), p.groupcallIds()));
        }
        return settled;
    }

    /**
     * Deletes the temporary flow of a record that placed nothing; false when flow-manager could not be asked, and
     * the record then stays pending for the next round: settled first, it would no longer name the flow, which would
     * wait a day for its expiry with no call running it.
     */
    private boolean deleteTempFlow(ProviderCall p) {
        if (p.tempFlowId() == null) {
            return true;
        }
        try {
            clients.deleteFlow(p.tempFlowId());
            return true;
        } catch (ServiceException e) {
            LOG.infof("temporary flow %s of provider call %s not deleted yet (%s); the record stays pending",
                    p.tempFlowId(), p.id(), e.error().reason());
            return false;
        }
    }
}
