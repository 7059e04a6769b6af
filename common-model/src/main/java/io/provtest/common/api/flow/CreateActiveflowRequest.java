package io.provtest.common.api.flow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * {@code POST /v1/activeflows}: run {@code flowId} for a reference (a call). {@code temporaryFlow}, when given, is
 * the temporary flow to make under {@code flowId} first, in the same transaction, unless it is there already (a
 * provider call's calls carry their inline actions this way: one flow-manager request per call instead of a request
 * for the flow and one for each activeflow). flow-manager validates its actions as for {@code POST /v1/flows}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateActiveflowRequest(UUID flowId, String referenceType, UUID referenceId,
                                      TemporaryFlow temporaryFlow) {

    /** The temporary flow's owner, its detail and the caller's actions as they came in. */
    public record TemporaryFlow(UUID customerId, String detail, JsonNode actions) {
    }

    public static CreateActiveflowRequest forCall(UUID flowId, UUID callId) {
        return new CreateActiveflowRequest(flowId, "call", callId, null);
    }

    /** The same, making the temporary flow {@code flowId} of {@code temporaryFlow} first when it is not there yet. */
    public static CreateActiveflowRequest forCall(UUID flowId, UUID callId, TemporaryFlow temporaryFlow) {
        return new CreateActiveflowRequest(flowId, "call", callId, temporaryFlow);
    }
}
