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
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One activeflow per call: call-manager asks for the next action when the call is answered and after each one. */
@Singleton
public class ActiveflowService {

    private static final Map<String, Object> FINISHED = Map.of("finished", true);

    private final ActiveflowRepository activeflows;
    private final FlowService flows;
    private final EventPublisher events;
    private final StartedActiveflows started;

    public ActiveflowService(ActiveflowRepository activeflows, FlowService flows, EventPublisher events,
                             StartedActiveflows started) {
        this.activeflows = activeflows;
        this.flows = flows;
        this.events = events;
        this.started = started;
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
     * {@code {"finished":true}} when the flow has run out (the activeflow then ends). An activeflow this instance
     * started or stepped before is not read again ({@link StartedActiveflows}): the step is the conditional move.
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
                                return Uni.createFrom().item(FINISHED);
                            }
                            Activeflow read = activeflow.toActiveflow();
                            started.remember(read); // read once here: its next steps need not read it
                            return step(read, current);
                        }));
        if (!answer.containsKey("action")) {
            started.forget(id); // ended: by this step, or by a stop that came first
        }
        return answer;
    }

    /** Moves the cursor of {@code activeflow} (as started, or as read) and announces it, in the caller's transaction. */
    private Uni<Map<String, Object>> step(Activeflow activeflow, UUID current) {
        Optional<Action> next = Cursor.next(activeflow.actions(), current);
        UUID at = next.map(Action::id).orElse(current);
        String status = next.isPresent() ? Activeflow.RUNNING : Activeflow.ENDED;
        Instant now = Times.now();
        return activeflows.move(activeflow.id(), at, status, now)
                .chain(moved -> !moved ? Uni.createFrom().item(FINISHED)
                        : events.publishing(next.isPresent() ? "activeflow_updated" : "activeflow_deleted",
                                        moved(activeflow, at, status, now))
                                .replaceWith(next.<Map<String, Object>>map(action -> Map.of("action", action))
                                        .orElse(FINISHED)));
    }

    /**
     * Ends the activeflow (the call hung up). Idempotent. Always read first: its event carries the cursor as
     * committed, which another instance may have moved.
     */
    public Activeflow stop(UUID id) {
        started.forget(id);
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
