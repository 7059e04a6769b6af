package io.provtest.flow.activeflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.db.Jdbc;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Action;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.provtest.flow.flow.Flow;
import io.provtest.flow.flow.FlowService;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** One activeflow per call: call-manager asks for the next action when the call is answered and after each one. */
@Singleton
public class ActiveflowService {

    private final Jdbc jdbc;
    private final ActiveflowRepository activeflows;
    private final FlowService flows;
    private final EventPublisher events;

    public ActiveflowService(DataSource dataSource, ActiveflowRepository activeflows, FlowService flows,
                             EventPublisher events) {
        this.jdbc = new Jdbc(dataSource);
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
        return jdbc.inTransaction(c -> {
            Activeflow created = activeflows.insert(c, activeflow);
            events.publish("activeflow_created", created);
            return created;
        });
    }

    public Activeflow get(UUID id) {
        return jdbc.read(c -> activeflows.find(c, id)).orElseThrow(ActiveflowService::notFound);
    }

    /**
     * Advances past {@code current_action_id} (null: to the first action). The answer is {@code {"action":{…}}}, or
     * {@code {"finished":true}} when the flow has run out (the activeflow then ends).
     */
    public Map<String, Object> next(UUID id, JsonNode body) {
        UUID current = body != null && Ids.isUuid(body.path("current_action_id").asText(null))
                ? UUID.fromString(body.get("current_action_id").asText()) : null;
        return jdbc.inTransaction(c -> {
            Activeflow activeflow = activeflows.find(c, id).orElseThrow(ActiveflowService::notFound);
            if (!Activeflow.RUNNING.equals(activeflow.status())) {
                return Map.of("finished", true);
            }
            Optional<Action> next = Cursor.next(activeflow.actions(), current);
            Activeflow moved = activeflows.move(c, id, next.map(Action::id).orElse(current),
                    next.isPresent() ? Activeflow.RUNNING : Activeflow.ENDED, Times.now()).orElseThrow();
            events.publish(next.isPresent() ? "activeflow_updated" : "activeflow_deleted", moved);
            return next.<Map<String, Object>>map(action -> Map.of("action", action)).orElse(Map.of("finished", true));
        });
    }

    /** Ends the activeflow (the call hung up). Idempotent. */
    public Activeflow stop(UUID id) {
        return jdbc.inTransaction(c -> {
            Activeflow current = activeflows.find(c, id).orElseThrow(ActiveflowService::notFound);
            Optional<Activeflow> ended = activeflows.move(c, id, current.currentActionId(), Activeflow.ENDED, Times.now());
            ended.ifPresent(a -> events.publish("activeflow_deleted", a));
            return ended.orElse(current);
        });
    }

    static ServiceException notFound() {
        return ServiceException.notFound("ACTIVEFLOW_NOT_FOUND", "The activeflow was not found.");
    }
}
