package io.provtest.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;

/** One step of a flow: {@code {"id","next_id","type","option":{…}}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Action(UUID id, UUID nextId, String type, JsonNode option) {

    /**
     * The action a flow of these actions starts with, or null when there is none: the one rule for where a flow
     * begins, used by flow-manager's cursor and by call-manager, which runs an activeflow's first action itself.
     */
    public static Action first(List<Action> actions) {
        return actions == null || actions.isEmpty() ? null : actions.get(0);
    }
}
