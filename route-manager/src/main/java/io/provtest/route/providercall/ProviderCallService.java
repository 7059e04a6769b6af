package io.provtest.route.providercall;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.call.CallsCreated;
import io.provtest.common.db.Db;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.DestinationOutcome;
import io.provtest.common.model.Provider;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcTransportException;
import io.provtest.common.time.Times;
import io.provtest.route.billing.PreflightService;
import io.provtest.route.provider.ProviderService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import io.provtest.common.model.Address;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The provider-call orchestration (DESIGN.md section 5): the audit record is written (pending) before any call is
 * placed, so no call ever runs without one; calls are created through call-manager with server-side metadata that
 * forces the provider; the record then settles and is announced. A request that places nothing leaves nothing
 * behind: its temporary flow is deleted and the record removed.
 *
 * <p>The temporary flow of inline actions is created after the pending record, under the id the record already
 * names: a route-manager stopped at any point leaves a pending record that names its flow, and the reconciliation
 * ({@link PendingReconciler}) deletes the flow when it settles the record, instead of a flow no record names that
 * would wait 24 h for its expiry. By default the actions travel with the create-calls request and the first call's
 * activeflow makes the flow in flow-manager ({@code PROVIDERCALL_FLOW_WITH_CALLS}); with that off, route-manager
 * asks flow-manager for it before the calls, as a release before it did.
 *
 * <p>The pre-flight runs before anything is written (the admin's own customer is checked and pays, as for any
 * call; the source is not validated): a destination it refuses is not sent to call-manager and gets its typed error
 * in {@code outcomes}; when it refuses every destination the request fails with the first one's error (403
 * ACCOUNT_FROZEN, 402 INSUFFICIENT_BALANCE, 403 DESTINATION_NOT_ALLOWED) and nothing is recorded or dialed.
 */
@Singleton
public class ProviderCallService {

    private static final Logger LOG = Logger.getLogger(ProviderCallService.class);
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    /** The longest a 409 REQUEST_IN_PROGRESS tells its client to wait before sending the request again. */
    static final int IN_PROGRESS_RETRY_SECONDS = 5;
    private final ProviderCallRepository records;
    private final ProviderService providers;
    private final ProviderCallClients clients;
    private final EventPublisher events;
    private final PreflightService preflight;
    private final ReportReadiness reports;
    private final PendingReconciler reconciler;
    private final boolean flowWithCalls;

    public ProviderCallService(ProviderCallRepository records, ProviderService providers,
                               ProviderCallClients clients, EventPublisher events, PreflightService preflight,
                               ReportReadiness reports, PendingReconciler reconciler, ProviderCallConfig config) {
        this.flowWithCalls = config.flowWithCalls();
        this.reconciler = reconciler;
        this.preflight = preflight;
        this.reports = reports;
        this.records = records;
        this.providers = providers;
        this.clients = clients;
        this.events = events;
    }

    /** {@code customerStatus}: the admin's customer's status as the gateway has it (null: active). */
    public record CreateCommand(UUID customerId, UUID createdBy, String idempotencyKey, JsonNode body,
                                String customerStatus) {
    }

    public ProviderCall create(CreateCommand command) {
        ProviderCallRequest request = ProviderCallRequest.parse(command.body());
        String hash = request.hash();
        String key = command.idempotencyKey() == null || command.idempotencyKey().isBlank() ? null
                : command.idempotencyKey();
        if (key != null) {
            ProviderCall replay = replay(command.customerId(), key, hash);
            if (replay != null) {
                return replay;
            }
        }
        Provider provider = providers.getLive(request.providerId());
        List<String> warnings = new ArrayList<>();
        if ("unhealthy".equals(provider.healthStatus())) {
            warnings.add("The provider is unhealthy (" + provider.healthStatus()
                    + " since its last probes); the call was placed anyway.");
        }
        // a provider call's source is kept verbatim (skip_source_validation), the other rules apply as to any call
        PreflightService.Verdict verdict = preflight.checkProviderCall(command.customerId(),
                command.customerStatus(), request.source(), request.destinations());
        if (verdict.noneAllowed()) {
            throw new ServiceException(verdict.outcomes().get(0).error());
        }
        if (verdict.checksSkipped()) {
            warnings.add(preflight.skippedWarning()); // a benchmark's call, said on its record and in its answer
        }
        UUID tempFlow = null;
        UUID flowId = request.flowId();
        if (request.inlineActions()) {
            tempFlow = Ids.random(); // recorded before it is made, see the class comment
            flowId = tempFlow;
        } else if (!Ids.NIL.equals(flowId)) {
            clients.requireFlow(flowId);
        }
        ProviderCall draft = new ProviderCall(Ids.random(), command.customerId(), request.providerId(), flowId,
                request.source(), request.destinations(), request.anonymous(), List.of(), List.of(), List.of(),
                List.copyOf(warnings), command.createdBy(), ProviderCall.PENDING, Times.now(), null, null, tempFlow, key, hash);
        ProviderCall pending;
        try {
            pending = Db.statements(() -> records.insert(draft));
        } catch (ServiceException e) {
            if (e.error().status() == ErrorStatus.ALREADY_EXISTS) {
                throw inProgress(1); // a request with the same key began a moment ago
            }
            throw e;
        }
        if (tempFlow != null && !flowWithCalls) {
            pending = makeTempFlow(pending, request);
        }
        return place(pending, request, verdict);
    }

    /**
     * The record's temporary flow. Refused (its actions are invalid) or not made: the record goes. When flow-manager
     * may still make it (the request was sent and its answer was lost or late), the record stays pending and names
     * it: a delete sent now could overtake the create still on its way, and leave a flow no record names; the
     * reconciliation deletes it once no create can land any more, and settles the record.
     */
    private ProviderCall makeTempFlow(ProviderCall pending, ProviderCallRequest request) {
        UUID made;
        try {
            made = clients.createTemporaryFlow(pending.tempFlowId(), pending.customerId(), request.actions());
        } catch (ServiceException e) {
            if (e instanceof RpcTransportException t && t.mayHaveBeenServed()) {
                LOG.infof("provider call %s stays pending: its temporary flow may still be made (%s)", pending.id(),
                        e.error().reason());
                throw e;
            }
            if (e.error().status().httpStatus() >= 500) {
                abandon(pending);
            } else {
                Db.transaction(() -> records.deleteUnplaced(pending.id()));
            }
            throw e;
        }
        if (made.equals(pending.tempFlowId())) {
            return pending;
        }
        // a flow-manager older than caller-chosen ids (during a rolling upgrade) stored it under its own id
        return Db.transaction(() -> records.relinkTempFlow(pending.id(), made).chain(() -> records.findById(pending.id())))
                .toProviderCall();
    }

    private ProviderCall place(ProviderCall pending, ProviderCallRequest request, PreflightService.Verdict verdict) {
        List<Address> allowed = verdict.outcomes().stream().filter(o -> o.error() == null)
                .map(DestinationOutcome::destination).toList();
        boolean flowTravelled = flowWithCalls && pending.tempFlowId() != null;
        CallsCreated result;
        try {
            // with the flow travelling along, the first call's activeflow makes it: flow-manager's refusal of the
            // actions is this request's typed 400, as when route-manager asked for the flow itself
            result = clients.createCalls(pending.id(), pending.customerId(), pending.flowId(),
                    flowTravelled ? request.actions() : null, request.source(), allowed, request.anonymous(),
                    pending.providerId());
        } catch (ServiceException e) {
            if (mayStillBePlacing(e)) {
                // call-manager may still be placing them: the record stays pending (with the flow the calls would
                // run) until PendingReconciler learns from call-manager what the request came to
                LOG.infof("provider call %s stays pending: call-manager's answer is not known (%s)", pending.id(),
                        e.error().reason());
                throw new ServiceException(ErrorStatus.UNAVAILABLE, "REQUEST_TIMEOUT", "call-manager did not answer in"
                        + " time; calls may have been placed. See provider call " + pending.id() + ".");
            }
            abandon(pending);
            throw e;
        }
        Placed answer = Placed.of(result);
        List<UUID> callIds = answer.callIds();
        List<UUID> groupcallIds = answer.groupcallIds();
        List<ProviderCall.Outcome> outcomes = merge(verdict, answer.outcomes());
        if (callIds.isEmpty() && groupcallIds.isEmpty()) {
            ApiError first = outcomes.stream().map(ProviderCall.Outcome::error).filter(e -> e != null).findFirst()
                    .orElse(ApiError.of(ErrorStatus.INTERNAL, "INTERNAL", "No call was placed."));
            if (flowTravelled && flowMayStillBeMade(outcomes)) {
                // a call's request for its activeflow (which makes the flow) timed out in call-manager: flow-manager
                // may still make the flow, so a delete sent now could come first; the reconciliation deletes it
                // once no create can land, and settles the record failed
                LOG.infof("provider call %s stays pending: its temporary flow may still be made by a call's timed-out"
                        + " activeflow request", pending.id());
            } else {
                abandon(pending);
            }
            throw new ServiceException(first);
        }
        boolean callsTagged = ReportReadiness.callsNameIt(pending.id(), result);
        ProviderCallRepository.Settlement settled;
        try {
            // the calls, the status and the announcement in one transaction: one round of begin/commit per request
            // fewer than recording the calls first (each is a hop onto a busy event loop, issue 20), and the record
            // as settled answered by the update itself
            settled = Db.statements(() -> records.settle(pending.id(), ProviderCall.CREATED, callIds, groupcallIds,
                    outcomes, callsTagged, Times.now(), record -> events.publishing("providercall_created", record)));
            if (settled == null) {
                throw ServiceException.internal("The provider call changed while it was settled.");
            }
        } catch (RuntimeException e) {
            keepPlaced(pending.id(), callIds, groupcallIds, outcomes);
            throw e;
        }
        ProviderCall created = settled.record();
        if (ReportReadiness.looksAfterSettle(settled.endedWhilePending(), callsTagged)) {
            reports.settled(SettledRecord.of(created));
        }
        return created;
    }

    /**
     * The placed calls stay on the record, still pending, when it could not be settled (the database or the broker
     * failed mid-way): whatever happens next, the reconciliation settles a record that names them
     * ({@link PendingReconciler}). Not written over a record that moved on meanwhile (the reconciliation settled it).
     */
    private void keepPlaced(UUID id, List<UUID> callIds, List<UUID> groupcallIds,
                            List<ProviderCall.Outcome> outcomes) {
        try {
            Db.transaction(() -> records.recordCalls(id, callIds, groupcallIds, outcomes));
        } catch (RuntimeException e) {
            LOG.warnf("provider call %s stays pending without its placed calls (the reconciliation asks call-manager"
                    + " for them): %s", id, e.getMessage());
        }
    }

    /**
     * Pure: whether a failed create-calls request may still have placed calls, so that its record must stay pending
     * (and its temporary flow kept) rather than be removed as "nothing placed": no answer in time, an answer lost with
     * the broker connection, or call-manager saying an earlier delivery of the same request (the same key) is still
     * being served. Only an error call-manager answered about this request, or a request that never left, proves
     * that nothing was placed.
     */
    static boolean mayStillBePlacing(ServiceException e) {
        if (e instanceof RpcTransportException t) {
            return t.mayHaveBeenServed();
        }
        return "REQUEST_TIMEOUT".equals(e.error().reason()) || "REQUEST_IN_PROGRESS".equals(e.error().reason());
    }

    /**
     * Pure: whether a temporary flow that travelled with the calls may still be made although no call was placed: a
     * destination's error is a timed-out request (call-manager's for the call's activeflow, which makes the flow, may
     * still be served by flow-manager after call-manager gave up on it).
     */
    static boolean flowMayStillBeMade(List<ProviderCall.Outcome> outcomes) {
        return outcomes.stream().anyMatch(o -> o.error() != null && "REQUEST_TIMEOUT".equals(o.error().reason()));
    }

    /** One outcome per requested destination, in order: pre-flight's refusals and call-manager's answers. */
    static List<ProviderCall.Outcome> merge(PreflightService.Verdict verdict, List<ProviderCall.Outcome> placed) {
        List<ProviderCall.Outcome> outcomes = new ArrayList<>();
        Iterator<ProviderCall.Outcome> next = placed.iterator();
        for (DestinationOutcome checked : verdict.outcomes()) {
            if (checked.error() != null) {
                outcomes.add(new ProviderCall.Outcome(checked.destination(), null, null, checked.error()));
            } else if (next.hasNext()) {
                outcomes.add(next.next());
            }
        }
        next.forEachRemaining(outcomes::add);
        return outcomes;
    }

    /**
     * A request that placed nothing leaves nothing: its temporary flow, then its record. A flow that could not be
     * deleted keeps the record (pending, naming it), so the reconciliation deletes both later.
     */
    private void abandon(ProviderCall pending) {
        try {
            deleteTempFlow(pending.tempFlowId());
        } catch (ServiceException e) {
            LOG.infof("provider call %s stays pending until its temporary flow is deleted: %s", pending.id(),
                    e.error().reason());
            return;
        }
        Db.transaction(() -> records.deleteUnplaced(pending.id()));
    }

    private void deleteTempFlow(UUID tempFlow) {
        if (tempFlow != null) {
            clients.deleteFlow(tempFlow);
        }
    }

    /**
     * The record an earlier request with this key made: the same answer for the same body, 422 for another body,
     * 409 while the first is still running. A key older than the window is released.
     */
    private ProviderCall replay(UUID customerId, String key, String hash) {
        ProviderCallEntity found = Db.read(() -> records.findByKey(customerId, key));
        if (found == null) {
            return null;
        }
        ProviderCall earlier = found.toProviderCall();
        if (earlier.tmCreate().isBefore(Times.now().minus(IDEMPOTENCY_WINDOW))) {
            Db.transaction(() -> records.releaseKey(earlier.id()));
            return null;
        }
        if (!earlier.requestHash().equals(hash)) {
            throw new ServiceException(ApiError.of(ErrorStatus.INVALID_ARGUMENT, "IDEMPOTENCY_KEY_REUSED",
                    "This Idempotency-Key was used for a different request."), 422);
        }
        return ProviderCall.PENDING.equals(earlier.status()) ? settledOrInProgress(earlier) : earlier;
    }

    /**
     * A retry that finds its first request's record still pending. While a live request may still be placing its
     * calls: 409, come back when the record can be reconciled. After that (the first attempt's answer was lost, the
     * caller's route-manager stopped): the record is reconciled now, from what call-manager says, so the client gets
     * its answer instead of 409 until the next round; still pending after it (call-manager still placing): 409, come
     * back in a few seconds. A record gone meanwhile placed nothing (its request removed it): null, the key is free.
     */
    private ProviderCall settledOrInProgress(ProviderCall pending) {
        Instant now = Times.now();
        if (!reconciler.isStale(pending, now)) {
            throw inProgress(retryHint(now, reconciler.staleAt(pending)));
        }
        PendingReconciler.Result result = reconciler.reconcile(pending);
        ProviderCallEntity found = Db.read(() -> records.findById(pending.id()));
        if (found == null) {
            return null;
        }
        ProviderCall current = found.toProviderCall();
        if (ProviderCall.PENDING.equals(current.status())) {
            throw inProgress(IN_PROGRESS_RETRY_SECONDS);
        }
        if (result == PendingReconciler.Result.SETTLED) {
            LOG.infof("provider call %s settled %s by a retry with its Idempotency-Key", current.id(), current.status());
        }
        return current;
    }

    /**
     * Pure: when a client whose retry found a pending record should come back: when the record can be reconciled,
     * but at most {@link #IN_PROGRESS_RETRY_SECONDS} (a live request usually settles it well before) and at least 1 s.
     */
    static int retryHint(Instant now, Instant reconcilable) {
        long millis = Duration.between(now, reconcilable).toMillis();
        return (int) Math.max(1, Math.min(IN_PROGRESS_RETRY_SECONDS, (millis + 999) / 1000));
    }

    private static ServiceException inProgress(int retryAfterSeconds) {
        return new ServiceException(ApiError.retryLater(ErrorStatus.FAILED_PRECONDITION, "REQUEST_IN_PROGRESS",
                "A request with this Idempotency-Key is still being processed; send it again in " + retryAfterSeconds
                        + " s.", retryAfterSeconds));
    }

    /**
     * The record as stored. One still pending past {@code providercall.stale-pending} (its request's answer was lost,
     * or route-manager stopped while placing) is handed to the reconciler at once, so a client that looks at it does
     * not wait for the next round (30–60 s): its next read has the outcome.
     */
    public ProviderCall get(UUID id) {
        ProviderCallEntity found = Db.read(() -> records.findById(id));
        if (found == null) {
            throw notFound();
        }
        ProviderCall record = found.toProviderCall();
        if (reconciler.isStale(record, Times.now())) {
            reconciler.reconcileSoon(record);
        }
        return record;
    }

    /**
     * The test-call report: this service owns the record (its call and groupcall ids), call-manager owns what the
     * report is made of (the calls, their SIP traces and recordings) and computes it. A record still pending is still
     * placing its calls: its report is marked incomplete.
     */
    public JsonNode report(UUID id) {
        ProviderCall record = get(id);
        JsonNode report = clients.report(record.id(), record.callIds(), record.groupcallIds());
        if (ProviderCall.PENDING.equals(record.status()) && report instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.put("complete", false); // still placing its calls: more may come
        }
        return report;
    }

    public Page<ProviderCall> list(UUID providerId, String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        List<ProviderCall> rows = Db.read(() -> records.listLive(providerId, after, pageSize))
                .stream().map(ProviderCallEntity::toProviderCall).toList();
        return Page.of(rows, pageSize, ProviderCall::tmCreate, ProviderCall::id);
    }

    /** Soft delete of the audit record only: the calls go on. Idempotent. */
    public ProviderCall delete(UUID id) {
        return Db.transaction(() -> records.softDelete(id, Times.now())
                .chain(changed -> records.findById(id)
                        .onItem().ifNull().failWith(ProviderCallService::notFound)
                        .map(ProviderCallEntity::toProviderCall)
                        .call(record -> changed ? events.publishing("providercall_deleted", record)
                                : Uni.createFrom().voidItem())));
    }

    static ServiceException notFound() {
        return ServiceException.notFound("PROVIDERCALL_NOT_FOUND", "The provider call was not found.");
    }
}
