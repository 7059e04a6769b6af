package io.provtest.call.groupcall;

/**
 * What a groupcall does when a leg ends, as a pure decision. Linear groupcalls are hunt groups across different
 * destinations: any unanswered end (busy, decline, no answer, failure) moves on to the next destination, and only a
 * hangup of the groupcall itself stops the hunt (DESIGN.md section 8; the "never fail over on 486/603" rule is
 * about retrying the same destination through another provider, which call failover honours).
 */
public final class GroupcallRules {

    public enum Next {
        /** Legs are still alive, or it is over already: nothing to do. */
        WAIT,
        /** Ring the destination after {@code dial_index}. */
        DIAL_NEXT,
        /** No leg is left and none will be: the groupcall hangs up. */
        END
    }

    private GroupcallRules() {
    }

    public static Next afterLegEnded(Groupcall g) {
        if (Groupcall.HANGUP.equals(g.status()) || g.liveLegs() > 0) {
            return Next.WAIT;
        }
        if (g.answered() || Groupcall.HANGINGUP.equals(g.status()) || !Groupcall.LINEAR.equals(g.ringMethod())) {
            return Next.END;
        }
        return g.dialIndex() + 1 < g.destinations().size() ? Next.DIAL_NEXT : Next.END;
    }

    /** Why it ended, for {@code hangup_cause}. */
    public static String endCause(Groupcall g) {
        if (g.answered()) {
            return "answered; the answering leg has ended";
        }
        if (Groupcall.HANGINGUP.equals(g.status())) {
            return "hung up on request";
        }
        return g.callIds().isEmpty() && g.groupcallIds().isEmpty()
                ? "no destination could be dialed" : "every destination ended unanswered";
    }

    /** "" is the reference's way of saying ring_all. */
    public static String ringMethod(String value) {
        return value == null || value.isEmpty() ? Groupcall.RING_ALL : value;
    }

    /** hangup_others is the only answer method, and "" means it. */
    public static String answerMethod(String value) {
        return value == null || value.isEmpty() ? Groupcall.HANGUP_OTHERS : value;
    }
}
