package io.provtest.common.api.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * {@code POST /v1/flows}. {@code actions} stays the caller's JSON as it came in: flow-manager alone validates actions
 * (its typed INVALID_ACTION_* errors are the answer the public API gives), so the client must not reshape or reject
 * them first.
 */
public record CreateFlowRequest(UUID customerId, String name, String detail, JsonNode actions, boolean persist) {

    /** A temporary flow ({@code persist=false}: it expires on its own) from a request's inline actions. */
    public static CreateFlowRequest temporary(UUID customerId, String detail, JsonNode actions) {
        return new CreateFlowRequest(customerId, "tmp", detail, actions, false);
    }
}
