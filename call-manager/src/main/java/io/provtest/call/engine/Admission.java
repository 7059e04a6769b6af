package io.provtest.call.engine;

/**
 * Whether call-manager takes one more call: only when it can serve it on time. A call accepted by an engine that is
 * already late gets its ACKs, CANCELs and BYEs late too, which a carrier takes for a broken peer; refusing it at once
 * lets the caller retry elsewhere or later. Pure: the measures come in, the decision goes out.
 */
public final class Admission {

    /** What the engine looks like now. */
    public record Load(long engineLagMs, int writeBacklog, int callsSettingUp) {
    }

    /** The ceilings, from configuration ({@link CallConfig#admission()}). */
    public record Limits(long maxEngineLagMs, int maxWriteBacklog, int maxCallsSettingUp) {
    }

    /** Null when the call is taken; otherwise why not, in words an operator can act on. */
    public static String refusal(Load load, Limits limits) {
        if (load.engineLagMs() > limits.maxEngineLagMs()) {
            return "call-manager's engine is " + load.engineLagMs() + " ms behind (limit " + limits.maxEngineLagMs()
                    + " ms)";
        }
        if (load.writeBacklog() > limits.maxWriteBacklog()) {
            return "call-manager has " + load.writeBacklog() + " call changes waiting for the database (limit "
                    + limits.maxWriteBacklog() + ")";
        }
        if (load.callsSettingUp() >= limits.maxCallsSettingUp()) {
            return "call-manager is setting up " + load.callsSettingUp() + " calls already (limit "
                    + limits.maxCallsSettingUp() + ")";
        }
        return null;
    }

    private Admission() {
    }
}
