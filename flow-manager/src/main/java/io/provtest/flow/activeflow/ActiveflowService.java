package io.provtest.flow.activeflow;

import io.provtest.common.model.Activeflow;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.db.Db;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Action;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.provtest.flow.flow.FlowService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One activeflow per call: call-manager asks for the next action when the call is answered and after each one. */
@Singleton
public class ActiveflowService {

    private static final Map<String, Object> FINISHED = Map.of("finished", true, "ended", true);

    private final ActiveflowRepository activeflows;
    private final FlowService flows;
    private final EventPublisher events;
    private final StartedActiveflows started;
    private final Pool pool;

    public ActiveflowService(ActiveflowRepository activeflows, FlowService flows, EventPublisher events,
                             StartedActiveflows started, Pool pool) {
        this.activeflows = activeflows;
        this.flows = flows;
        this.events = events;
        this.started = started;
        this.pool = pool;
    }

    /** {@code {"flow_id","reference_type":"call","reference_id"}}; the flow must exist and not be deleted. */
    public Activeflow create(JsonNode body) {
        if (body == null || !Ids.isUuid(body.path("flow_id").asText(null))
                || !Ids.isUuid(body.path("reference_id").asText(null))) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "flow_id and reference_id (UUIDs) are required.");
        }
        UUID flowId = UUID.fromString(body.get("flow_id").asText());
        String referenceType = body.path("reference_type").asText("call");
        UUID referenceId = UUID.fromString(body.get("reference_id").asText());
        Activeflow created = Db.transaction(() -> flows.live(flowId)
                .chain(flow -> activeflows.persistAndFlush(ActiveflowEntity.of(new Activeflow(Ids.random(),
                        flow.customerId(), flow.id(), referenceType, referenceId, flow.actions(), null,
                        Activeflow.RUNNING, Times.now(), null, null))))
                .map(ActiveflowEntity::toActiveflow)
                .call(a -> events.publishing("activeflow_created", a)));
        started.remember(created); // committed: its steps need not read it back
        return created;
    }

    public Activeflow get(UUID id) {
        ActiveflowEntity found = Db.read(() -> activeflows.findById(id));
        if (found == null) {
            throw notFound();
        }
        return found.toActiveflow();
    }

    /**
     * Advances past {@code current_action_id} (null: to the first action). The answer is {@code {"action":{…}}}, or
     * {@code {"finished":true}} when the flow has run out (the activeflow then ends); {@code "ended":true} when the
     * activeflow is over with it, also when the action is a hangup ({@link Cursor#endsTheFlow}): that step ends it,
     * so the call's end does not need a stop (a request, a transaction and an event fewer per call). An activeflow
     * this instance started or stepped before is not read again ({@link StartedActiveflows}): the step is the
     * conditional move.
     */
    public Map<String, Object> next(UUID id, JsonNode body) {
        UUID current = body != null && Ids.isUuid(body.path("current_action_id").asText(null))
                ? UUID.fromString(body.get("current_action_id").asText()) : null;
        Activeflow known = started.get(id);
        Map<String, Object> answer = Db.transaction(() -> known != null ? step(known, current)
                : activeflows.findById(id)
                        .onItem().ifNull().failWith(ActiveflowService::notFound)
                        .chain(activeflow -> {
                            if (!Activeflow.RUNNING.equals(activeflow.status)) {
                                return Uni.createFrom().item(afterEnd(activeflow.toActiveflow(), current));
                            }
                            Activeflow read = activeflow.toActiveflow();
                            started.remember(read); // read once here: its next steps need not read it
                            return step(read, current);
                        }));
        if (Boolean.TRUE.equals(answer.get("ended"))) {
            started.forget(id); // ended: by this step, or by a stop that came first
        }
        return answer;
    }

    /** Moves the cursor of {@code activeflow} (as started, or as read) and announces it, in the caller's transaction. */
    private Uni<Map<String, Object>> step(Activeflow activeflow, UUID current) {
        Optional<Action> next = Cursor.next(activeflow.actions(), current);
        UUID at = next.map(Action::id).orElse(current);
        boolean ends = next.map(Cursor::endsTheFlow).orElse(true);
        String status = ends ? Activeflow.ENDED : Activeflow.RUNNING;
        Instant now = Times.now();
        return activeflows.move(activeflow.id(), at, status, now)
                .chain(moved -> !moved ? Uni.createFrom().item(afterEnd(activeflow, current))
                        : events.publishing(ends ? "activeflow_deleted" : "activeflow_updated",
                                        moved(activeflow, at, status, now))
                                .replaceWith(next.<Map<String, Object>>map(action -> Map.of("action", action,
                                                "ended", ends))
                                        .orElse(FINISHED)));
    }

    /**
     * Pure: the answer of a step of an activeflow that is not running any more. Finished, unless the action after
     * {@code current} is one that ends the flow: then that action again, ended. A step that handed out a hangup ended
     * the activeflow, so when its answer was lost and call-manager asks the same question again (NextActionRetry),
     * it gets the same hangup, reason included, not a plain "finished" that would end the call as normal.
     */
    static Map<String, Object> afterEnd(Activeflow activeflow, UUID current) {
        return Cursor.next(activeflow.actions(), current).filter(Cursor::endsTheFlow)
                .<Map<String, Object>>map(action -> Map.of("action", action, "ended", true))
                .orElse(FINISHED);
    }

    /**
     * Ends the activeflow (the call hung up). Idempotent. Its event carries the cursor as committed, which another
     * instance may have moved: an activeflow this instance knows ({@link StartedActiveflows}) is ended by one update
     * that answers the cursor (on the reactive client, outside a Hibernate session), the rest of the event being
     * what never changes; one it does not know, or one that was not running any more, is read.
     */
    public Activeflow stop(UUID id) {
        Activeflow known = started.get(id);
        started.forget(id);
        if (known != null) {
            Instant now = Times.now();
            Activeflow ended = Db.statements(() -> pool.withTransaction(c -> activeflows.end(c, id, now)
                    .chain(at -> at == null ? Uni.createFrom().<Activeflow>nullItem()
                            : Uni.createFrom().item(moved(known, at.currentActionId(), Activeflow.ENDED, now))
                                    .call(a -> events.publishing("activeflow_deleted", a)))));
            if (ended != null) {
                return ended;
            }
        }
        return Db.transaction(() -> activeflows.findById(id)
                .onItem().ifNull().failWith(ActiveflowService::notFound)
                .chain(current -> {
                    Instant now = Times.now();
                    return activeflows.move(id, current.currentActionId, Activeflow.ENDED, now)
                            .chain(ended -> !ended ? Uni.createFrom().item(current.toActiveflow())
                                    : Uni.createFrom().item(moved(current.toActiveflow(), current.currentActionId,
                                                    Activeflow.ENDED, now))
                                            .call(a -> events.publishing("activeflow_deleted", a)));
                }));
    }

    /**
     * Pure: the activeflow as {@link ActiveflowRepository#move} left its row (the cursor, the status, and an ended
     * one deleted at the same instant), so the event is built without reading the row back (a statement fewer per
     * step, three per call).
     */
    static Activeflow moved(Activeflow before, UUID currentActionId, String status, Instant now) {
        return new Activeflow(before.id(), before.customerId(), before.flowId(), before.referenceType(),
                before.referenceId(), before.actions(), currentActionId, status, before.tmCreate(), now,
                Activeflow.ENDED.equals(status) ? now : before.tmDelete());
    }

    static ServiceException notFound() {
        return ServiceException.notFound("ACTIVEFLOW_NOT_FOUND", "The activeflow was not found.");
    }
}
