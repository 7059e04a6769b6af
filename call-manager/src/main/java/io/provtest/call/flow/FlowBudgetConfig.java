package io.provtest.call.flow;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Bounds of one call's flow, see {@link StepBudget} (FLOW_MAX_STEPS, FLOW_MAX_STEPS_WITHOUT_MEDIA). */
@ConfigMapping(prefix = "flow")
public interface FlowBudgetConfig {

    /** Actions one call may run in all (a play or sleep loop ends here rather than at the maximum duration). */
    @WithDefault("10000")
    int maxSteps();

    /** Actions in a row that neither play audio nor sleep (a loop of answer actions is found within a second). */
    @WithDefault("50")
    int maxStepsWithoutMedia();
}
