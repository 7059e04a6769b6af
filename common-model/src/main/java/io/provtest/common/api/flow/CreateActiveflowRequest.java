package io.provtest.common.api.flow;

import java.util.UUID;

/** {@code POST /v1/activeflows}: run {@code flowId} for a reference (a call). */
public record CreateActiveflowRequest(UUID flowId, String referenceType, UUID referenceId) {

    public static CreateActiveflowRequest forCall(UUID flowId, UUID callId) {
        return new CreateActiveflowRequest(flowId, "call", callId);
    }
}
