package io.provtest.call.call;

import java.util.UUID;

/** What a call that is a leg of a groupcall tells its groupcall. Implemented by the groupcall side. */
public interface LegObserver {

    /**
     * The leg was answered. Decided at once, so that only one leg of a groupcall tree ever wins: keep it (and run
     * the groupcall's flow on it), or drop it because another leg won first or the groupcall is hanging up.
     */
    Verdict answered(Call leg);

    /** The leg reached hangup (any way, including reconciliation after a restart). */
    void ended(Call leg);

    record Verdict(boolean keep, UUID flowId, String refusal) {

        public static Verdict keep(UUID flowId) {
            return new Verdict(true, flowId, "");
        }

        public static Verdict drop(String why) {
            return new Verdict(false, null, why);
        }
    }
}
