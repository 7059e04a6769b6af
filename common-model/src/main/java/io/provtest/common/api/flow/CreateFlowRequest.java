package io.provtest.common.api.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * {@code POST /v1/flows}. {@code actions} stays the caller's JSON as it came in: flow-manager alone validates actions
 * (its typed INVALID_ACTION_* errors are the answer the public API gives), so the client must not reshape or reject
 * them first. {@code id}: null lets flow-manager choose; a temporary flow may be given the id its caller already
 * recorded, so that a caller stopped between the two writes leaves a record naming the flow, never a flow no record
 * names.
 */
public record CreateFlowRequest(UUID customerId, String name, String detail, JsonNode actions, boolean persist,
                                UUID id) {

    public CreateFlowRequest(UUID customerId, String name, String detail, JsonNode actions, boolean persist) {
        this(customerId, name, detail, actions, persist, null);
    }

    /** A temporary flow ({@code persist=false}: it expires on its own) from a request's inline actions. */
    public static CreateFlowRequest temporary(UUID customerId, String detail, JsonNode actions) {
        return new CreateFlowRequest(customerId, "tmp", detail, actions, false);
    }

    /** The same with the id its caller chose and recorded first. */
    public static CreateFlowRequest temporary(UUID id, UUID customerId, String detail, JsonNode actions) {
        return new CreateFlowRequest(customerId, "tmp", detail, actions, false, id);
    }
}
