package io.provtest.call.flow;

import io.provtest.call.media.RtpPlayer;
import io.provtest.call.media.RtpSession;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/** One answered call's flow: its activeflow, the action running, and the media it plays on. Lane-confined. */
public final class FlowState {

    final UUID callId;
    final UUID activeflowId;
    final RtpSession media;
    final int payloadType;
    final Executor lane;
    final FlowControl control;
    UUID currentActionId;
    RtpPlayer.Playback playback;
    ScheduledFuture<?> sleepTimer;
    /** Times the current next-action question was asked again after a transport failure (NextActionRetry). */
    int nextRetries;
    ScheduledFuture<?> retryTimer;
    /** Given by the runner at the flow's first step. */
    StepBudget budget;
    /** flow-manager ended the activeflow with its last answer (NextAction#ended): the call's end does not stop it. */
    boolean activeflowEnded;

    public FlowState(UUID callId, UUID activeflowId, RtpSession media, int payloadType, Executor lane,
                     FlowControl control) {
        this.callId = callId;
        this.activeflowId = activeflowId;
        this.media = media;
        this.payloadType = payloadType;
        this.lane = lane;
        this.control = control;
    }

    public UUID activeflowId() {
        return activeflowId;
    }
}
