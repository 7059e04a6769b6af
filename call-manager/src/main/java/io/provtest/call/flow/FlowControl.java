package io.provtest.call.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * What the flow runner asks of the call it runs on (implemented by the call's lifecycle). Every method is called on
 * the call's own lane.
 */
public interface FlowControl {

    /** Whether the call is still up and running its flow (not hanging up, not ended). */
    boolean running(UUID callId);

    /** An action starts: the call shows it. */
    void actionStarted(UUID callId, JsonNode action);

    /** End the call from our side with this hangup reason (the flow ran out, or a hangup action). */
    void endCall(UUID callId, String reason);

    /** The flow cannot go on: end the call as failed with this cause for the operator. */
    void failed(UUID callId, String cause);
}
