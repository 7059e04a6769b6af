package io.provtest.call.groupcall;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.call.Call;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.call.CallMetadata;
import io.provtest.call.call.CallService;
import io.provtest.call.call.CreateOnce;
import io.provtest.call.call.LegObserver;
import io.provtest.call.call.OwningInstance;
import io.provtest.call.limits.OutboundLimiter;
import io.provtest.call.limits.OutboundRules;
import io.provtest.call.outbox.Outbox;
import io.provtest.common.api.flow.FlowManagerApi;
import io.provtest.common.db.Db;
import io.smallrye.mutiny.Uni;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Address;
import io.provtest.common.model.AgentDialPlan;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.request.RequestIds;
import io.provtest.common.rpc.RpcContext;
import io.provtest.common.time.Times;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Groupcalls: creation (the row first, then its legs), the answer race, leg endings, linear hunting, hangup and
 * delete. Every decision about one groupcall is made under that groupcall's own lock, and a leg's answer is
 * claimed from the leg up to the root of the tree under the locks on that path, so exactly one leg of a tree wins.
 * Locks are only ever taken child before parent; work going down the tree (hanging up other legs) is handed to
 * the pool instead of waited for, so no two threads can wait on each other. The live-leg counts come from the legs
 * themselves ({@link GroupcallRepository}), so concurrent leg endings cannot make them drift.
 *
 * <p>The temporary flow of inline actions is made after the row, under the id the row already names (flow-manager
 * takes a caller-chosen id; the same request again gets the same flow): a call-manager killed at any point leaves a
 * live groupcall naming its flow, which its restart or a survivor ends, never a flow no record names waiting 24 h
 * for its expiry.
 *
 * <p>Placing legs asks other services (an agent's addresses from the gateway, dialroutes from route-manager, a
 * DNS answer) and is never done under the lock: a leg that answers meanwhile claims the answer on its own lane at
 * once (holding the lock there would stop that lane's engine thread, and the carrier's answer, for as long as the
 * RPCs take). While a groupcall is {@link Placing placing}, leg endings are only noted and judged when the placing
 * is over; after each leg placed, the groupcall is read again under the lock, and a leg it no longer wants (another
 * leg answered, a hangup came) is hung up and the placing stops.
 */
@ApplicationScoped
public class GroupcallService implements LegObserver {

    private static final Logger LOG = Logger.getLogger(GroupcallService.class);

    private final GroupcallRepository groupcalls;
    private final CallService calls;
    private final AgentDirectory agents;
    private final EventPublisher events;
    private final OwningInstance owners;
    private final Outbox outbox;
    private final FlowManagerApi flows;
    private final CallConfig config;
    private final OutboundLimiter limiter;
    private final CreateOnce once;
    private final Map<UUID, Object> locks = new ConcurrentHashMap<>();
    /** Groupcalls whose legs are being placed, with whether a leg ended meanwhile; read and written under the lock. */
    private final Map<UUID, Placing> placing = new ConcurrentHashMap<>();
    private final GroupcallWork pool;

    public GroupcallService(GroupcallRepository groupcalls, CallService calls,
                            AgentDirectory agents, EventPublisher events, Outbox outbox, FlowManagerApi flows,
                            OwningInstance owners, CallConfig config, OutboundLimiter limiter, CreateOnce once) {
        this.groupcalls = groupcalls;
        this.once = once;
        this.limiter = limiter;
        this.calls = calls;
        this.agents = agents;
        this.events = events;
        this.outbox = outbox;
        this.owners = owners;
        this.flows = flows;
        this.config = config;
        this.pool = new GroupcallWork(config.groupcall().threads(), config.groupcall().maxBacklog(),
                config.admission().retryAfterSeconds());
    }

    /** After the calls' own reconciliation: a groupcall this instance owned lost its legs with the restart. */
    void onStart(@Observes @Priority(60) StartupEvent event) {
        int ended = endOrphans(config.instanceId(),
                "call-manager restarted while the groupcall was live; its legs were ended.");
        if (ended > 0) {
            LOG.warnf("ended %d groupcalls left unfinished by an earlier run of instance %s", ended,
                    config.instanceId());
        }
    }

    /**
     * Ends, with {@code cause}, the unfinished groupcalls {@code instance} owned: this instance's after a restart,
     * one draining whose grace ran out, or those of an instance gone for good (after its calls were ended).
     * Returns how many it ended.
     */
    public int endOrphans(String instance, String cause) {
        List<Groupcall> orphans = Db.read(() -> groupcalls.unfinishedOwnedBy(instance));
        try (RpcContext.Scope ignored = RpcContext.open(RequestIds.generate(), null)) {
            for (Groupcall orphan : orphans) {
                end(orphan.id(), cause);
            }
        }
        return orphans.size();
    }

    /** Ends these groupcalls (if still live), each with its cause: those of instances holding no lease. */
    public int endOrphans(java.util.Collection<UUID> ids, java.util.function.Function<UUID, String> cause) {
        try (RpcContext.Scope ignored = RpcContext.open(RequestIds.generate(), null)) {
            for (UUID id : ids) {
                end(id, cause.apply(id));
            }
        }
        return ids.size();
    }

    void onStop(@Observes ShutdownEvent event) {
        pool.shutdown();
    }

    // ---- creation ----

    /**
     * Creates the groupcall and rings its first legs (all of them for ring_all, the first that can be dialed for
     * linear). When no destination can be dialed at all, the groupcall is ended and removed, and the first
     * destination's typed error is the answer.
     */
    public Groupcall create(GroupcallRequest request) {
        pool.admit();
        // the whole tree's legs are admitted here, once: its child groupcalls and linear steps are part of it
        List<List<Address>> expanded = agents.expand(request.customerId(), request.destinations());
        OutboundLimiter.Ask ask = new OutboundLimiter.Ask(request.customerId(), "groupcall",
                request.metadata().forced(), request.destinations(), expanded,
                Groupcall.LINEAR.equals(request.ringMethod()));
        try (OutboundLimiter.Reservation ignored = limiter.admit(ask)) {
            return createAdmitted(request);
        }
    }

    private Groupcall createAdmitted(GroupcallRequest request) {
        if (request.actions() == null) {
            if (!Ids.NIL.equals(request.flowId()) && Ids.NIL.equals(request.masterGroupcallId())) {
                flows.requireUsable(request.flowId(), request.customerId());
            }
            return place(request);
        }
        // the temporary flow's id is chosen here and recorded before the flow is made (see the class comment); the
        // groupcall is announced only once its flow is made: refused actions are a 400, and whoever follows the
        // events must not see a groupcall created (then ended, deleted) that the API said was never created
        GroupcallRequest withFlow = ringingAnAgentDirectly(withFlow(request, Ids.random()));
        Groupcall recorded = announce(makeTempFlow(record(withFlow, false), request.actions()));
        GroupcallRequest running = withFlow(withFlow, recorded.flowId());
        try {
            return ring(recorded, running, new HashSet<>());
        } catch (ServiceException e) {
            flows.deleteTemporaryFlow(recorded.flowId());
            throw e;
        }
    }

    /**
     * The recorded groupcall's temporary flow, made under the id its row names. Refused (its actions are invalid) or
     * not made: the groupcall is ended and removed, as one that could place no leg, and the flow deleted when
     * flow-manager may have made it without the answer arriving. A call-manager killed before this leaves a live
     * groupcall naming a flow that does not exist, which the restart or a survivor ends ({@link #endOrphans}).
     */
    private Groupcall makeTempFlow(Groupcall recorded, JsonNode actions) {
        UUID made;
        try {
            made = flows.createTemporaryFlow(recorded.flowId(), recorded.customerId(), "temporary flow of a groupcall",
                    actions);
        } catch (ServiceException e) {
            if (e.error().status().httpStatus() >= 500) {
                flows.deleteTemporaryFlow(recorded.flowId());
            }
            endUnannounced(recorded.id(), "The groupcall's flow was not made: " + e.error().message());
            throw e;
        }
        if (made.equals(recorded.flowId())) {
            return recorded;
        }
        // a flow-manager older than caller-chosen ids (during a rolling upgrade) stored it under its own id
        return Db.transaction(() -> groupcalls.relinkFlow(recorded.id(), made));
    }

    /**
     * Places a groupcall whose flow the caller has already checked (route-manager for a provider call's agent
     * destination, or a parent groupcall for its child).
     */
    public Groupcall place(GroupcallRequest asked) {
        return place(asked, new HashSet<>());
    }

    /**
     * {@code dialed}: the addresses ({@link OutboundRules#key}) this request has rung so far, shared by every
     * groupcall of the tree and the request's other destinations, so that no address is rung twice at once.
     */
    public Groupcall place(GroupcallRequest asked, Set<String> dialed) {
        GroupcallRequest request = ringingAnAgentDirectly(asked);
        return ring(record(request), request, dialed);
    }

    /**
     * A groupcall recorded but never announced (its temporary flow was not made) is ended and removed without an
     * event: nobody was told it existed. Its row stays, with the cause, for the operator.
     */
    private void endUnannounced(UUID id, String cause) {
        Instant now = Times.now();
        Db.transaction(() -> groupcalls.hungUp(id, cause, now).chain(() -> groupcalls.softDelete(id, now)));
        locks.remove(id);
    }

    /**
     * {@code groupcall_created} for a groupcall recorded unannounced, before any of its legs exists. Not confirmed
     * by the broker: the groupcall is ended (unannounced) and its temporary flow deleted, and the error is the answer,
     * as when the announcement in {@link #record} fails.
     */
    private Groupcall announce(Groupcall recorded) {
        try {
            events.publish("groupcall_created", recorded);
        } catch (ServiceException e) {
            endUnannounced(recorded.id(), "The groupcall could not be announced: " + e.error().message());
            flows.deleteTemporaryFlow(recorded.flowId());
            throw e;
        }
        return recorded;
    }

    /** The groupcall's row, announced, before any leg (or its temporary flow) exists. */
    private Groupcall record(GroupcallRequest request) {
        return record(request, true);
    }

    /**
     * The groupcall's row, announced in the same transaction when {@code announce}. A groupcall a create request
     * places ({@link CreateOnce#placing}) is named by the request's mark in this transaction too, before its legs
     * exist: committed together, an instance killed at any point leaves no stored groupcall its request does not
     * name (the survivor answers the request with it).
     */
    private Groupcall record(GroupcallRequest request, boolean announce) {
        Groupcall draft = new Groupcall(Ids.random(), request.customerId(), request.flowId(), Groupcall.PROGRESSING,
                request.source(), request.destinations(), request.ringMethod(), request.answerMethod(),
                request.anonymous(), request.metadata().asMap(), request.masterCallId(), request.masterGroupcallId(),
                Ids.NIL, Ids.NIL, List.of(), List.of(), List.of(), 0, 0, 0, "", Times.now(), null, null,
                config.instanceId());
        CreateOnce.Mark mark = once.markFor(draft); // on this thread: the transaction runs on a Vert.x context
        return Db.transaction(() -> groupcalls.insert(draft)
                .call(inserted -> mark == null ? Uni.createFrom().voidItem() : mark.write())
                .call(inserted -> announce ? events.publishing("groupcall_created", inserted)
                        : Uni.createFrom().voidItem()));
    }

    /**
     * Rings the recorded groupcall's first legs. When none can be dialed it is ended and removed, and the first
     * destination's typed error is thrown.
     */
    private Groupcall ring(Groupcall created, GroupcallRequest request, Set<String> dialed) {
        Placing p = startPlacing(created.id());
        boolean ringing = false;
        try {
            if (Groupcall.LINEAR.equals(created.ringMethod())) {
                ringing = dialFrom(created, request, 0, dialed);
            } else {
                for (int i = 0; i < created.destinations().size(); i++) {
                    Leg leg = startLeg(created, request, i, dialed);
                    if (leg != null) {
                        ringing = true;
                        if (!stillWanted(created.id(), leg)) {
                            break;
                        }
                    }
                }
            }
        } finally {
            boolean legEnded = stopPlacing(created.id(), p);
            if (ringing && legEnded) {
                inPool(() -> legEnded(created.id()));
            }
        }
        if (!ringing) {
            Groupcall failed = get(created.id());
            end(created.id(), GroupcallRules.endCause(failed));
            outbox.record("groupcall_deleted", () -> groupcalls.softDelete(created.id(), Times.now()));
            throw new ServiceException(failed.errors().isEmpty()
                    ? ApiError.of(ErrorStatus.INTERNAL, "INTERNAL", "No leg was placed.")
                    : failed.errors().get(0).error());
        }
        return get(created.id());
    }

    /** Whether a leg ended while the groupcall's legs were being placed (written under the groupcall's lock). */
    private static final class Placing {
        boolean legEnded;
    }

    private Placing startPlacing(UUID groupcallId) {
        Placing p = new Placing();
        synchronized (lock(groupcallId)) {
            placing.put(groupcallId, p);
        }
        return p;
    }

    /** The placing is over; true when a leg ended meanwhile (its ending is to be judged now). */
    private boolean stopPlacing(UUID groupcallId, Placing p) {
        synchronized (lock(groupcallId)) {
            placing.remove(groupcallId, p);
            return p.legEnded;
        }
    }

    /**
     * After a leg was placed without the lock: whether the groupcall still wants it. When another leg answered
     * meanwhile, or a hangup came, this leg is hung up (the answer's or the hangup's sweep may have read the legs
     * before this one was recorded) and the placing stops.
     */
    private boolean stillWanted(UUID groupcallId, Leg leg) {
        synchronized (lock(groupcallId)) {
            Groupcall g = Db.read(() -> groupcalls.get(groupcallId));
            if (g != null && Groupcall.PROGRESSING.equals(g.status())
                    && (!g.answered() || leg.id().equals(g.answerCallId()) || leg.id().equals(g.answerGroupcallId()))) {
                return !g.answered(); // the answer is this leg's own: kept, and nothing more is placed
            }
        }
        if (leg.groupcall()) {
            inPool(() -> hangupLocal(leg.id()));
        } else {
            calls.hangupLater(leg.id());
        }
        return false;
    }

    /** A leg placed: a call, or a child groupcall ringing an agent. */
    private record Leg(UUID id, boolean groupcall) {
    }

    /**
     * A groupcall of one agent destination is that agent's addresses, rung with the agent's ring method: one
     * groupcall whose legs are the addresses, not a groupcall wrapping a child that holds them (whose record would
     * show a groupcall with no calls). An agent among other destinations stays a child groupcall, as it must.
     */
    private GroupcallRequest ringingAnAgentDirectly(GroupcallRequest request) {
        if (request.destinations().size() != 1 || !"agent".equals(request.destinations().get(0).type())) {
            return request;
        }
        AgentDialPlan agent = agents.forCustomer(UUID.fromString(request.destinations().get(0).target()),
                request.customerId());
        return request.ringingAgent(AgentDirectory.ringable(agent), agent.ringMethod());
    }

    /**
     * Linear: rings the first destination from {@code index} on that can be dialed. False when none can. Called
     * while the groupcall is placing, without its lock.
     */
    private boolean dialFrom(Groupcall g, GroupcallRequest request, int index, Set<String> dialed) {
        for (int i = index; i < g.destinations().size(); i++) {
            Leg leg = startLeg(g, request, i, dialed);
            if (leg != null) {
                stillWanted(g.id(), leg);
                return true;
            }
        }
        return false;
    }

    /**
     * One leg: a call for tel/sip, a child groupcall ringing an agent's addresses. Its id, or null (and the error
     * recorded) when the destination cannot be dialed.
     */
    private Leg startLeg(Groupcall g, GroupcallRequest request, int index, Set<String> dialed) {
        Address destination = g.destinations().get(index);
        try {
            if ("agent".equals(destination.type())) {
                AgentDialPlan agent = agents.forCustomer(UUID.fromString(destination.target()), g.customerId());
                List<Address> fresh = AgentDirectory.ringable(agent).stream()
                        .filter(a -> !dialed.contains(OutboundRules.key(a))).toList();
                if (fresh.isEmpty()) {
                    throw new ServiceException(OutboundRules.duplicate(destination));
                }
                Groupcall child = place(request.child(g.id(), fresh, agent.ringMethod()), dialed);
                Db.transaction(() -> groupcalls.addGroupcall(g.id(), child.id(), index, Times.now()));
                return new Leg(child.id(), true);
            }
            if (!dialed.add(OutboundRules.key(destination))) {
                throw new ServiceException(OutboundRules.duplicate(destination));
            }
            CallService.CreateCallsRequest leg = new CallService.CreateCallsRequest(g.customerId(), Ids.NIL,
                    g.source(), List.of(destination), g.anonymous(), request.metadata(), g.masterCallId());
            Call call = calls.createCall(leg, destination, g.id());
            Db.transaction(() -> groupcalls.addCall(g.id(), call.id(), index, Times.now()));
            return new Leg(call.id(), false);
        } catch (ServiceException e) {
            LOG.infof("groupcall %s: destination %d gets no leg: %s", g.id(), index, e.getMessage());
            Groupcall.LegError error = new Groupcall.LegError(index, destination, e.error());
            Db.transaction(() -> groupcalls.addError(g.id(), error, Times.now()));
            return null;
        }
    }

    private static GroupcallRequest withFlow(GroupcallRequest r, UUID flowId) {
        return new GroupcallRequest(r.customerId(), flowId, null, r.source(), r.destinations(), r.ringMethod(),
                r.answerMethod(), r.anonymous(), r.metadata(), r.masterCallId(), r.masterGroupcallId());
    }

    // ---- the legs' side ----

    @Override
    public Verdict answered(Call leg) {
        return claim(leg.groupcallId(), leg.id(), Ids.NIL);
    }

    /** Claims the answer for a leg, from its groupcall up to the root; the first claim to reach the root wins. */
    private Verdict claim(UUID groupcallId, UUID callId, UUID childId) {
        synchronized (lock(groupcallId)) {
            Groupcall g = Db.read(() -> groupcalls.get(groupcallId));
            if (g == null || !Groupcall.PROGRESSING.equals(g.status())) {
                return Verdict.drop("The groupcall " + groupcallId + " was no longer ringing when this leg answered.");
            }
            if (g.answered()) {
                return Verdict.drop("Another destination of groupcall " + groupcallId + " answered first.");
            }
            if (!Ids.NIL.equals(g.masterGroupcallId())) {
                Verdict up = claim(g.masterGroupcallId(), Ids.NIL, groupcallId);
                if (!up.keep()) {
                    return up;
                }
            }
            Groupcall won = outbox.record("groupcall_progressing",
                    () -> groupcalls.answer(groupcallId, callId, childId, Times.now()));
            if (won == null) {
                return Verdict.drop("Another destination of groupcall " + groupcallId + " answered first.");
            }
            inPool(() -> hangupOthers(groupcallId, callId, childId));
            return Verdict.keep(g.flowId());
        }
    }

    private void hangupOthers(UUID groupcallId, UUID keptCall, UUID keptChild) {
        for (UUID other : Db.read(() -> groupcalls.liveLegCalls(groupcallId))) {
            if (!other.equals(keptCall)) {
                calls.hangupLater(other);
            }
        }
        for (UUID child : Db.read(() -> groupcalls.liveLegGroupcalls(groupcallId))) {
            if (!child.equals(keptChild)) {
                hangupLocal(child);
            }
        }
    }

    @Override
    public void ended(Call leg) {
        UUID groupcallId = leg.groupcallId();
        inPool(() -> legEnded(groupcallId));
    }

    /**
     * A leg (call or child groupcall) ended: wait for the others, hunt on, or end. While the groupcall is placing
     * legs the ending is only noted (the placing judges it when it is over); the next destination of a linear hunt
     * is dialed without the lock, as a placing of its own.
     */
    private void legEnded(UUID groupcallId) {
        Groupcall g;
        Placing hunt;
        synchronized (lock(groupcallId)) {
            Placing p = placing.get(groupcallId);
            if (p != null) {
                p.legEnded = true;
                return;
            }
            g = Db.read(() -> groupcalls.get(groupcallId));
            if (g == null || Groupcall.HANGUP.equals(g.status())) {
                locks.remove(groupcallId);
                return;
            }
            switch (GroupcallRules.afterLegEnded(g)) {
                case WAIT -> {
                    return;
                }
                case END -> {
                    end(groupcallId, GroupcallRules.endCause(g));
                    return;
                }
                default -> {
                    hunt = new Placing();
                    placing.put(groupcallId, hunt);
                }
            }
        }
        GroupcallRequest request = new GroupcallRequest(g.customerId(), g.flowId(), null, g.source(),
                g.destinations(), g.ringMethod(), g.answerMethod(), g.anonymous(),
                CallMetadata.fromMap(g.metadata()), g.masterCallId(), g.masterGroupcallId());
        boolean ringing = false;
        try {
            // one destination at a time: an address rung again later is not rung twice at once
            ringing = dialFrom(g, request, g.dialIndex() + 1, new HashSet<>());
        } finally {
            boolean endedMeanwhile = stopPlacing(groupcallId, hunt);
            if (!ringing) {
                end(groupcallId, GroupcallRules.endCause(get(groupcallId)));
            } else if (endedMeanwhile) {
                legEnded(groupcallId);
            }
        }
    }

    /** The final move to hangup (once), announced; then the parent re-counts its legs. */
    private void end(UUID groupcallId, String cause) {
        Groupcall ended = outbox.record("groupcall_hangup", () -> groupcalls.hungUp(groupcallId, cause, Times.now()));
        if (ended != null) {
            locks.remove(groupcallId);
            if (!Ids.NIL.equals(ended.masterGroupcallId())) {
                UUID parent = ended.masterGroupcallId();
                inPool(() -> legEnded(parent));
            }
        }
    }

    // ---- reads, hangup, delete ----

    public Groupcall get(UUID id) {
        Groupcall g = Db.read(() -> groupcalls.get(id));
        if (g == null) {
            throw notFound();
        }
        return g;
    }

    public Page<Groupcall> list(UUID customerId, String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        return Page.of(Db.read(() -> groupcalls.listLive(customerId, after, pageSize)), pageSize,
                Groupcall::tmCreate, Groupcall::id);
    }

    /**
     * Status hangingup, every live leg hung up (child groupcalls too), then hangup once the last leg has ended.
     * Idempotent; a groupcall another instance owns is handed to that instance.
     */
    public Groupcall hangup(UUID id) {
        Groupcall g = get(id);
        if (Groupcall.HANGUP.equals(g.status())) {
            return g;
        }
        if (!g.ownerInstance().equals(config.instanceId())) {
            return forwardHangup(g);
        }
        hangupLocal(id);
        return get(id);
    }

    private void hangupLocal(UUID id) {
        synchronized (lock(id)) {
            Db.transaction(() -> groupcalls.hangingUp(id, Times.now()));
            for (UUID call : Db.read(() -> groupcalls.liveLegCalls(id))) {
                calls.hangupLater(call);
            }
            for (UUID child : Db.read(() -> groupcalls.liveLegGroupcalls(id))) {
                inPool(() -> hangupLocal(child));
            }
        }
        legEnded(id); // no live leg left (or none ever rang): it ends now
    }

    /** Hangs up first when still live, then soft-deletes. */
    public Groupcall delete(UUID id) {
        Groupcall g = hangup(id);
        Groupcall deleted = outbox.record("groupcall_deleted", () -> groupcalls.softDelete(g.id(), Times.now()));
        return deleted != null ? deleted : get(id);
    }

    private Groupcall forwardHangup(Groupcall g) {
        return owners.ask(g.ownerInstance(), api -> api.hangupGroupcall(g.id()), Groupcall.class, () -> {
            end(g.id(), "The instance " + g.ownerInstance() + " holding the groupcall is gone.");
            return get(g.id());
        });
    }

    /** Hands work to the pool under the current request id, so the events it causes carry that id too. */
    private void inPool(Runnable work) {
        String requestId = RpcContext.currentRequestId();
        pool.execute(() -> {
            try (RpcContext.Scope ignored = RpcContext.open(requestId, null)) {
                work.run();
            }
        });
    }

    private Object lock(UUID id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    static ServiceException notFound() {
        return ServiceException.notFound("GROUPCALL_NOT_FOUND", "The groupcall was not found.");
    }
}
