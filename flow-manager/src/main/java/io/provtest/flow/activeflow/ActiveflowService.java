package io.provtest.flow.activeflow;

import io.provtest.common.model.Activeflow;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.db.Db;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Action;
import io.provtest.common.model.Flow;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.provtest.flow.flow.FlowService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
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
    private final EventPublisher events;
    private final StartedActiveflows started;
    private final Pool pool;
    private final FlowService flowService;

    public ActiveflowService(ActiveflowRepository activeflows, EventPublisher events, StartedActiveflows started,
                             Pool pool, FlowService flowService) {
        this.flowService = flowService;
        this.activeflows = activeflows;
        this.events = events;
        this.started = started;
        this.pool = pool;
    }

    /**
     * {@code {"flow_id","reference_type":"call","reference_id"}}; the flow must exist and not be deleted. One
     * statement copies its actions into the new activeflow ({@link ActiveflowRepository#start}), announced in the same
     * transaction. With {@code "temporary_flow":{"customer_id","detail","actions"}} the temporary flow {@code flow_id}
     * is made first in that transaction when it is not there yet (validated as {@code POST /v1/flows} validates, its
     * errors the same), and the activeflow runs it only if it is that customer's: a provider call's calls bring their
     * inline actions this way, a flow-manager request fewer per provider call.
     */
    public Activeflow create(JsonNode body) {
        if (body == null || !Ids.isUuid(body.path("flow_id").asText(null))
                || !Ids.isUuid(body.path("reference_id").asText(null))) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "flow_id and reference_id (UUIDs) are required.");
        }
        UUID flowId = UUID.fromString(body.get("flow_id").asText());
        String referenceType = body.path("reference_type").asText("call");
        UUID referenceId = UUID.fromString(body.get("reference_id").asText());
        JsonNode bringing = body.get("temporary_flow");
        Flow temporary = bringing == null || bringing.isNull() ? null : flowService.temporary(flowId,
                Ids.isUuid(bringing.path("customer_id").asText(null))
                        ? UUID.fromString(bringing.get("customer_id").asText()) : null,
                bringing.path("detail").asText(""), bringing.get("actions"));
        Activeflow created = Db.statements(() -> pool.withTransaction(c -> (temporary == null
                        ? Uni.createFrom().item(false) : flowService.storeTemporary(c, temporary))
                .chain(made -> activeflows.start(c, Ids.random(), flowId, referenceType, referenceId, Times.now(),
                                temporary == null ? null : temporary.customerId())
                        .onItem().ifNull().failWith(FlowService::notFound)
                        // the flow's event after the last statement, as the activeflow's: a start that fails rolls
                        // the flow back with nothing announced
                        .call(a -> made ? flowService.announceCreated(temporary) : Uni.createFrom().voidItem()))
                .call(a -> events.publishing("activeflow_created", a))));
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
        if (known == null) {
            // read once (started elsewhere, or before a restart); whether it still runs is the step's condition
            Activeflow read = get(id);
            if (!Activeflow.RUNNING.equals(read.status())) {
                return afterEnd(read, current);
            }
            started.remember(read);
            known = read;
        }
        Activeflow activeflow = known;
        Map<String, Object> answer = Db.statements(() -> pool.withTransaction(c -> step(c, activeflow, current)));
        if (Boolean.TRUE.equals(answer.get("ended"))) {
            started.forget(id); // ended: by this step, or by a stop that came first
        }
        return answer;
    }

    /** Moves the cursor of {@code activeflow} (as started, or as read) and announces it, in {@code c}'s transaction. */
    private Uni<Map<String, Object>> step(SqlConnection c, Activeflow activeflow, UUID current) {
        Optional<Action> next = Cursor.next(activeflow.actions(), current);
        UUID at = next.map(Action::id).orElse(current);
        boolean ends = next.map(Cursor::endsTheFlow).orElse(true);
        String status = ends ? Activeflow.ENDED : Activeflow.RUNNING;
        Instant now = Times.now();
        return activeflows.move(c, activeflow.id(), at, status, now)
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
     * instance may have moved: the activeflow is ended by one update that answers the cursor, the rest of the event
     * being what never changes (as this instance started or stepped it, {@link StartedActiveflows}, or as read).
     * One that was not running any more is answered as it is now.
     */
    public Activeflow stop(UUID id) {
        Activeflow known = started.get(id);
        started.forget(id);
        Activeflow before = known != null ? known : get(id);
        if (!Activeflow.RUNNING.equals(before.status())) {
            return before;
        }
        Instant now = Times.now();
        Activeflow ended = Db.statements(() -> pool.withTransaction(c -> activeflows.end(c, id, now)
                .chain(at -> at == null ? Uni.createFrom().<Activeflow>nullItem()
                        : Uni.createFrom().item(moved(before, at.currentActionId(), Activeflow.ENDED, now))
                                .call(a -> events.publishing("activeflow_deleted", a)))));
        return ended != null ? ended : get(id); // ended meanwhile (a step or another stop): as it is now
    }

    /**
     * Pure: the activeflow as {@link ActiveflowRepository#move} (or {@link ActiveflowRepository#end}) left its row
     * (the cursor, the status, and an ended one deleted at the same instant), so the event is built without reading
     * the row back (a statement fewer per step, three per call).
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
