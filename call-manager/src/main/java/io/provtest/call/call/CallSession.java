package io.provtest.call.call;

import io.provtest.call.dial.DialState;
import io.provtest.call.engine.SerialExecutor;
import io.provtest.call.flow.FlowState;
import io.provtest.common.model.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;

/**
 * The live side of one call in this instance: its record as last written, its dialing state, its flow once
 * answered, and its maximum-duration timer. Only touched on the call's own lane.
 */
final class CallSession {

    final UUID callId;
    final SerialExecutor lane;
    Call call;
    DialState dial;
    FlowState flow;
    ScheduledFuture<?> maxTimer;
    /** When the customer's balance runs out (BalanceWatch), once answered on a priced plan. */
    ScheduledFuture<?> balanceTimer;
    /** The latest judgement of the balance asked: an older answer arriving later is ignored. */
    int balanceJudgement;
    /**
     * The judgement whose answer set {@link #balanceTimer}: its deadline stands until a newer answer replaces it, so
     * a question still on its way (a top-up's, a slow or failed one) never lets the call run past the known balance.
     */
    int balanceApplied;
    /** The next try of a judgement billing did not answer; the deadline in force is kept meanwhile. */
    ScheduledFuture<?> balanceRetry;
    /** A groupcall leg that won but whose flow could not start: it ends as failed right after the answer. */
    boolean flowFailed;
    /**
     * The first action of its activeflow, from the activeflow's copy of the flow when it was started: run at the
     * answer without asking flow-manager for it (FlowRunner#start). Null: no flow, or none that starts with one.
     */
    Action firstAction;
    /** The SIP Call-IDs of its INVITEs (one per attempt: failover sends a new one). */
    final List<String> sipCallIds = new ArrayList<>(1);
    /** Answered or ended: no longer counted among the calls being set up. */
    boolean setUp;

    CallSession(Call call, SerialExecutor lane) {
        this.callId = call.id();
        this.call = call;
        this.lane = lane;
    }
}
