package io.provtest.call.flow;

/**
 * How many actions one call's flow may run (pure, lane-confined). A flow whose {@code next_id}s make a loop of
 * actions that neither play audio nor sleep (answer → answer → …) would otherwise ask flow-manager for its next
 * action as fast as the lane runs, for as long as the call lasts (an hour), starving other calls; a loop that does
 * wait is bounded by the total. Either limit ends the call as failed with {@link #cause()}.
 */
public final class StepBudget {

    private final int maxSteps;
    private final int maxStepsWithoutMedia;
    private int steps;
    private int sinceMedia;
    private String cause;

    public StepBudget(int maxSteps, int maxStepsWithoutMedia) {
        this.maxSteps = maxSteps;
        this.maxStepsWithoutMedia = maxStepsWithoutMedia;
    }

    /** An action is about to run; false when it is one too many (the cause says which limit). */
    public boolean step() {
        steps++;
        sinceMedia++;
        if (steps > maxSteps) {
            cause = "The flow ran more than " + maxSteps + " actions; the call was ended (a loop in the flow?).";
        } else if (sinceMedia > maxStepsWithoutMedia) {
            cause = "The flow ran " + maxStepsWithoutMedia + " actions in a row without playing audio or sleeping; "
                    + "the call was ended (a loop in the flow?).";
        }
        return cause == null;
    }

    /** The last action played audio or slept: the run of instant actions starts again. */
    public void waited() {
        sinceMedia = 0;
    }

    public String cause() {
        return cause;
    }
}
