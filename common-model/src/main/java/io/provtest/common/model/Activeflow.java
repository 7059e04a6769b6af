package io.provtest.common.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A flow running on one call: a copy of its actions and a cursor. */
public record Activeflow(UUID id, UUID customerId, UUID flowId, String referenceType, UUID referenceId,
                         List<Action> actions, UUID currentActionId, String status, Instant tmCreate,
                         Instant tmUpdate, Instant tmDelete) {

    public static final String RUNNING = "running";
    public static final String ENDED = "ended";

    /** The action the flow starts with (what {@code next} from no action hands out); null when it has none. */
    public Action firstAction() {
        return Action.first(actions);
    }
}
