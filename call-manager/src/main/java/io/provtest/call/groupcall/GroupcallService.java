package io.provtest.call.groupcall;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.call.OwningInstance;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.limits.OutboundLimiter;
import io.provtest.call.outbox.Outbox;
import io.provtest.common.api.flow.FlowManagerApi;
import io.provtest.common.db.Db;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Address;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.request.RequestIds;
import io.provtest.common.rpc.RpcContext;
import io.provtest.common.time.Times;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Groupcalls as requests see them: a create (admitted, its destinations held against the outbound limits, its
 * temporary flow of inline actions made), the reads, a hangup (forwarded to the instance that owns the groupcall)
 * and delete, and the ending of groupcalls whose instance is gone. The live tree itself (placing legs, the answer
 * race, leg endings, hunting) is {@link GroupcallTree}'s.
 *
 * <p>The temporary flow of inline actions is made after the row, under the id the row already names (flow-manager
 * takes a caller-chosen id; the same request again gets the same flow): a call-manager killed at any point leaves a
 * live groupcall naming its flow, which its restart or a survivor ends, never a flow no record names waiting 24 h
 * for its expiry.
 */
@ApplicationScoped
public class GroupcallService {

    private static final Logger LOG = Logger.getLogger(GroupcallService.class);

    private final GroupcallRepository groupcalls;
    private final GroupcallTree tree;
    private final GroupcallLocks locks;
    private final AgentDirectory agents;
    private final EventPublisher events;
    private final OwningInstance owners;
    private final Outbox outbox;
    private final FlowManagerApi flows;
    private final CallConfig config;
    private final OutboundLimiter limiter;

    public GroupcallService(GroupcallRepository groupcalls, GroupcallTree tree, GroupcallLocks locks,
                            AgentDirectory agents, EventPublisher events, Outbox outbox, FlowManagerApi flows,
                            OwningInstance owners, CallConfig config, OutboundLimiter limiter) {
        this.groupcalls = groupcalls;
        this.tree = tree;
        this.locks = locks;
        this.limiter = limiter;
        this.agents = agents;
        this.events = events;
        this.outbox = outbox;
        this.owners = owners;
        this.flows = flows;
        this.config = config;
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
                tree.end(orphan.id(), cause);
            }
        }
        return orphans.size();
    }

    /** Ends these groupcalls (if still live), each with its cause: those of instances holding no lease. */
    public int endOrphans(Collection<UUID> ids, Function<UUID, String> cause) {
        try (RpcContext.Scope ignored = RpcContext.open(RequestIds.generate(), null)) {
            for (UUID id : ids) {
                tree.end(id, cause.apply(id));
            }
        }
        return ids.size();
    }

    // ---- creation ----

    /**
     * Creates the groupcall and rings its first legs (all of them for ring_all, the first that can be dialed for
     * linear). When no destination can be dialed at all, the groupcall is ended and removed, and the first
     * destination's typed error is the answer.
     */
    public Groupcall create(GroupcallRequest request) {
        locks.admit();
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
        GroupcallRequest withFlow = tree.ringingAnAgentDirectly(withFlow(request, Ids.random()));
        Groupcall recorded = announce(makeTempFlow(tree.record(withFlow, false), request.actions()));
        GroupcallRequest running = withFlow(withFlow, recorded.flowId());
        try {
            return tree.ring(recorded, running, new HashSet<>());
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

    /** {@link GroupcallTree#place}, with the addresses the request has rung so far ({@code dialed}). */
    public Groupcall place(GroupcallRequest asked, Set<String> dialed) {
        return tree.place(asked, dialed);
    }

    /**
     * A groupcall recorded but never announced (its temporary flow was not made) is ended and removed without an
     * event: nobody was told it existed. Its row stays, with the cause, for the operator.
     */
    private void endUnannounced(UUID id, String cause) {
        Instant now = Times.now();
        Db.transaction(() -> groupcalls.hungUp(id, cause, now).chain(() -> groupcalls.softDelete(id, now)));
        locks.forget(id);
    }

    /**
     * {@code groupcall_created} for a groupcall recorded unannounced, before any of its legs exists. Not confirmed
     * by the broker: the groupcall is ended (unannounced) and its temporary flow deleted, and the error is the answer,
     * as when the announcement in {@link GroupcallTree#record} fails.
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

    private static GroupcallRequest withFlow(GroupcallRequest r, UUID flowId) {
        return new GroupcallRequest(r.customerId(), flowId, null, r.source(), r.destinations(), r.ringMethod(),
                r.answerMethod(), r.anonymous(), r.metadata(), r.masterCallId(), r.masterGroupcallId());
    }

    // ---- reads, hangup, delete ----

    public Groupcall get(UUID id) {
        return tree.read(id);
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
        tree.hangupLocal(id);
        return get(id);
    }

    /** Hangs up first when still live, then soft-deletes. */
    public Groupcall delete(UUID id) {
        Groupcall g = hangup(id);
        Groupcall deleted = outbox.record("groupcall_deleted", () -> groupcalls.softDelete(g.id(), Times.now()));
        return deleted != null ? deleted : get(id);
    }

    private Groupcall forwardHangup(Groupcall g) {
        return owners.ask(g.ownerInstance(), api -> api.hangupGroupcall(g.id()), Groupcall.class, () -> {
            tree.end(g.id(), "The instance " + g.ownerInstance() + " holding the groupcall is gone.");
            return get(g.id());
        });
    }
}
