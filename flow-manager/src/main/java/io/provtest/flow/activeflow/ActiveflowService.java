package io.provtest.flow.activeflow;

import io.provtest.common.model.Activeflow;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.db.Db;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Action;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.provtest.common.model.Flow;
import io.provtest.flow.flow.FlowService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
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
        Flow flow = flows.get(UUID.fromString(body.get("flow_id").asText()));
        if (flow.tmDelete() != null) {
            throw ServiceException.notFound("FLOW_NOT_FOUND", "The flow was not found.");
        }
        Activeflow activeflow = new Activeflow(Ids.random(), flow.customerId(), flow.id(),
                body.path("reference_type").asText("call"), UUID.fromString(body.get("reference_id").asText()),
                flow.actions(), null, Activeflow.RUNNING, Times.now(), null, null);
        return Db.transaction(() -> activeflows.persistAndFlush(ActiveflowEntity.of(activeflow))
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
                    return activeflows.move(id, next.map(Action::id).orElse(current),
                                    next.isPresent() ? Activeflow.RUNNING : Activeflow.ENDED, Times.now())
                            .chain(moved -> !moved ? Uni.createFrom().item(finished)
                                    : activeflows.reload(activeflow).map(ActiveflowEntity::toActiveflow)
                                            .call(a -> events.publishing(
                                                    next.isPresent() ? "activeflow_updated" : "activeflow_deleted", a))
                                            .replaceWith(next.<Map<String, Object>>map(action -> Map.of("action", action))
                                                    .orElse(finished)));
                }));
    }

    /** Ends the activeflow (the call hung up). Idempotent. */
    public Activeflow stop(UUID id) {
        return Db.transaction(() -> activeflows.findById(id)
                .onItem().ifNull().failWith(ActiveflowService::notFound)
                .chain(current -> activeflows.move(id, current.currentActionId, Activeflow.ENDED, Times.now())
                        .chain(ended -> !ended ? Uni.createFrom().item(current.toActiveflow())
                                : activeflows.reload(current).map(ActiveflowEntity::toActiveflow)
                                        .call(a -> events.publishing("activeflow_deleted", a)))));
    }

    static ServiceException notFound() {
        return ServiceException.notFound("ACTIVEFLOW_NOT_FOUND", "The activeflow was not found.");
    }
}
