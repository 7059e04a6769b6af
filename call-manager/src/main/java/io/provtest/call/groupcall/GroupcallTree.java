package io.provtest.call.groupcall;

import io.provtest.call.call.Call;
import io.provtest.call.call.CallMetadata;
import io.provtest.call.call.CallService;
import io.provtest.call.call.CreateOnce;
import io.provtest.call.call.LegObserver;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.limits.OutboundRules;
import io.provtest.call.outbox.Outbox;
import io.provtest.common.db.Db;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Address;
import io.provtest.common.model.AgentDialPlan;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A live groupcall tree: its legs placed, the answer race, leg endings, linear hunting and the hangup of every leg.
 * Every decision about one groupcall is made under that groupcall's own lock ({@link GroupcallLocks}), and a leg's
 * answer is claimed from the leg up to the root of the tree under the locks on that path, so exactly one leg of a
 * tree wins. Locks are only ever taken child before parent; work going down the tree (hanging up other legs) is
 * handed to the pool instead of waited for, so no two threads can wait on each other. The live-leg counts come from
 * the legs themselves ({@link GroupcallRepository}), so concurrent leg endings cannot make them drift.
 *
 * <p>Placing legs asks other services (an agent's addresses from the gateway, dialroutes from route-manager, a
 * DNS answer) and is never done under the lock: a leg that answers meanwhile claims the answer on its own lane at
 * once (holding the lock there would stop that lane's engine thread, and the carrier's answer, for as long as the
 * RPCs take). While a groupcall is placing, leg endings are only noted and judged when the placing is over; after
 * each leg placed, the groupcall is read again under the lock, and a leg it no longer wants (another leg answered,
 * a hangup came) is hung up and the placing stops.
 */
@ApplicationScoped
public class GroupcallTree implements LegObserver {

    private static final Logger LOG = Logger.getLogger(GroupcallTree.class);

    private final GroupcallRepository groupcalls;
    private final CallService calls;
    private final AgentDirectory agents;
    private final EventPublisher events;
    private final Outbox outbox;
    private final CallConfig config;
    private final CreateOnce once;
    private final GroupcallLocks locks;

    public GroupcallTree(GroupcallRepository groupcalls, CallService calls, AgentDirectory agents,
                         EventPublisher events, Outbox outbox, CallConfig config, CreateOnce once,
                         GroupcallLocks locks) {
        this.groupcalls = groupcalls;
        this.calls = calls;
        this.agents = agents;
        this.events = events;
        this.outbox = outbox;
        this.config = config;
        this.once = once;
        this.locks = locks;
    }

    // ---- placing ----

    /**
     * Records and rings a groupcall whose flow the caller has already checked. {@code dialed}: the addresses
     * ({@link OutboundRules#key}) its request has rung so far, shared by every groupcall of the tree and the
     * request's other destinations, so that no address is rung twice at once.
     */
    Groupcall place(GroupcallRequest asked, Set<String> dialed) {
        GroupcallRequest request = ringingAnAgentDirectly(asked);
        return ring(record(request, true), request, dialed);
    }

    /**
     * The groupcall's row, announced in the same transaction when {@code announce}. A groupcall a create request
     * places ({@link CreateOnce#placing}) is named by the request's mark in this transaction too, before its legs
     * exist: committed together, an instance killed at any point leaves no stored groupcall its request does not
     * name (the survivor answers the request with it).
     */
    Groupcall record(GroupcallRequest request, boolean announce) {
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
     * Rings the recorded groupcall's first legs (all of them for ring_all, the first that can be dialed for
     * linear). When none can be dialed it is ended and removed, and the first destination's typed error is thrown.
     */
    Groupcall ring(Groupcall created, GroupcallRequest request, Set<String> dialed) {
        GroupcallLocks.Placing p = locks.startPlacing(created.id());
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
            boolean legEnded = locks.stopPlacing(created.id(), p);
            if (ringing && legEnded) {
                locks.inPool(() -> legEnded(created.id()));
            }
        }
        if (!ringing) {
            Groupcall failed = read(created.id());
            end(created.id(), GroupcallRules.endCause(failed));
            outbox.record("groupcall_deleted", () -> groupcalls.softDelete(created.id(), Times.now()));
            throw new ServiceException(failed.errors().isEmpty()
                    ? ApiError.of(ErrorStatus.INTERNAL, "INTERNAL", "No leg was placed.")
                    : failed.errors().get(0).error());
        }
        return read(created.id());
    }

    /**
     * After a leg was placed without the lock: whether the groupcall still wants it. When another leg answered
     * meanwhile, or a hangup came, this leg is hung up (the answer's or the hangup's sweep may have read the legs
     * before this one was recorded) and the placing stops.
     */
    private boolean stillWanted(UUID groupcallId, Leg leg) {
        synchronized (locks.lock(groupcallId)) {
            Groupcall g = Db.read(() -> groupcalls.get(groupcallId));
            if (g != null && Groupcall.PROGRESSING.equals(g.status())
                    && (!g.answered() || leg.id().equals(g.answerCallId()) || leg.id().equals(g.answerGroupcallId()))) {
                return !g.answered(); // the answer is this leg's own: kept, and nothing more is placed
            }
        }
        if (leg.groupcall()) {
            locks.inPool(() -> hangupLocal(leg.id()));
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
    GroupcallRequest ringingAnAgentDirectly(GroupcallRequest request) {
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

    // ---- the legs' side ----

    @Override
    public Verdict answered(Call leg) {
        return claim(leg.groupcallId(), leg.id(), Ids.NIL);
    }

    /** Claims the answer for a leg, from its groupcall up to the root; the first claim to reach the root wins. */
    private Verdict claim(UUID groupcallId, UUID callId, UUID childId) {
        synchronized (locks.lock(groupcallId)) {
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
            locks.inPool(() -> hangupOthers(groupcallId, callId, childId));
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
        locks.inPool(() -> legEnded(groupcallId));
    }

    /**
     * A leg (call or child groupcall) ended: wait for the others, hunt on, or end. While the groupcall is placing
     * legs the ending is only noted (the placing judges it when it is over); the next destination of a linear hunt
     * is dialed without the lock, as a placing of its own.
     */
    private void legEnded(UUID groupcallId) {
        Groupcall g;
        GroupcallLocks.Placing hunt;
        synchronized (locks.lock(groupcallId)) {
            if (locks.noteEndedWhilePlacing(groupcallId)) {
                return;
            }
            g = Db.read(() -> groupcalls.get(groupcallId));
            if (g == null || Groupcall.HANGUP.equals(g.status())) {
                locks.forget(groupcallId);
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
                default -> hunt = locks.markPlacing(groupcallId);
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
            boolean endedMeanwhile = locks.stopPlacing(groupcallId, hunt);
            if (!ringing) {
                end(groupcallId, GroupcallRules.endCause(read(groupcallId)));
            } else if (endedMeanwhile) {
                legEnded(groupcallId);
            }
        }
    }

    /** The final move to hangup (once), announced; then the parent re-counts its legs. */
    void end(UUID groupcallId, String cause) {
        Groupcall ended = outbox.record("groupcall_hangup", () -> groupcalls.hungUp(groupcallId, cause, Times.now()));
        if (ended != null) {
            locks.forget(groupcallId);
            if (!Ids.NIL.equals(ended.masterGroupcallId())) {
                UUID parent = ended.masterGroupcallId();
                locks.inPool(() -> legEnded(parent));
            }
        }
    }

    /**
     * This instance's groupcall: status hangingup, every live leg hung up (child groupcalls too), then hangup once
     * the last leg has ended.
     */
    void hangupLocal(UUID id) {
        synchronized (locks.lock(id)) {
            Db.transaction(() -> groupcalls.hangingUp(id, Times.now()));
            for (UUID call : Db.read(() -> groupcalls.liveLegCalls(id))) {
                calls.hangupLater(call);
            }
            for (UUID child : Db.read(() -> groupcalls.liveLegGroupcalls(id))) {
                locks.inPool(() -> hangupLocal(child));
            }
        }
        legEnded(id); // no live leg left (or none ever rang): it ends now
    }

    /** The groupcall, or {@code 404 GROUPCALL_NOT_FOUND}. */
    Groupcall read(UUID id) {
        Groupcall g = Db.read(() -> groupcalls.get(id));
        if (g == null) {
            throw notFound();
        }
        return g;
    }

    static ServiceException notFound() {
        return ServiceException.notFound("GROUPCALL_NOT_FOUND", "The groupcall was not found.");
    }
}
