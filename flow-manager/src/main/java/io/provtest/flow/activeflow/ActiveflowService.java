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

    private final ActiveflowRepository activeflows;
    private final FlowService flows;
    private final EventPublisher events;

    public ActiveflowService(ActiveflowRepository activeflows, FlowService flows, EventPublisher events) {
        this.activeflows = activeflows;
        this.flows = flows;
        this.events = events;
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
        return Db.transaction(() -> flows.live(flowId)
                .chain(flow -> activeflows.persistAndFlush(ActiveflowEntity.of(new Activeflow(Ids.random(),
                        flow.customerId(), flow.id(), referenceType, referenceId, flow.actions(), null,
                        Activeflow.RUNNING, Times.now(), null, null))))
                .map(ActiveflowEntity::toActiveflow)
                .call(created -> events.publishing("activeflow_created", created)));
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
     * {@code {"finished":true}} when the flow has run out (the activeflow then ends).
     */
    public Map<String, Object> next(UUID id, JsonNode body) {
        UUID current = body != null && Ids.isUuid(body.path("current_action_id").asText(null))
                ? UUID.fromString(body.get("current_action_id").asText()) : null;
        Map<String, Object> finished = Map.of("finished", true);
        return Db.transaction(() -> activeflows.findById(id)
                .onItem().ifNull().failWith(ActiveflowService::notFound)
                .chain(activeflow -> {
                    if (!Activeflow.RUNNING.equals(activeflow.status)) {
                        return Uni.createFrom().item(finished);
                    }
                    Optional<Action> next = Cursor.next(activeflow.actions, current);
                    UUID at = next.map(Action::id).orElse(current);
                    String status = next.isPresent() ? Activeflow.RUNNING : Activeflow.ENDED;
                    Instant now = Times.now();
                    return activeflows.move(id, at, status, now)
                            .chain(moved -> !moved ? Uni.createFrom().item(finished)
                                    : events.publishing(next.isPresent() ? "activeflow_updated" : "activeflow_deleted",
                                                    moved(activeflow.toActiveflow(), at, status, now))
                                            .replaceWith(next.<Map<String, Object>>map(action -> Map.of("action", action))
                                                    .orElse(finished)));
                }));
    }

    /** Ends the activeflow (the call hung up). Idempotent. */
    public Activeflow stop(UUID id) {
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
