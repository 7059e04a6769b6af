package io.provtest.call.flow;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bounds of one call's flow: its steps, see {@link StepBudget} (FLOW_MAX_STEPS, FLOW_MAX_STEPS_WITHOUT_MEDIA), and
 * how long it waits for flow-manager through a transport outage, see {@link NextActionRetry}
 * (FLOW_NEXT_ACTION_RETRIES, FLOW_NEXT_ACTION_RETRY_PAUSE).
 */
@ConfigMapping(prefix = "flow")
public interface FlowBudgetConfig {

    /** Actions one call may run in all (a play or sleep loop ends here rather than at the maximum duration). */
    @WithDefault("10000")
    int maxSteps();

    /** Actions in a row that neither play audio nor sleep (a loop of answer actions is found within a second). */
    @WithDefault("50")
    int maxStepsWithoutMedia();

    /**
     * Times the next action is asked again when the question got no answer (broker unreachable or restarting,
     * flow-manager not answering in time); 0 ends the call at the first such failure, as before.
     */
    @WithDefault("6")
    int nextActionRetries();

    /** The pause before the first retry; it doubles after each, up to 16 times this (default: 23.5 s over 6). */
    @WithDefault("500ms")
    java.time.Duration nextActionRetryPause();
}
