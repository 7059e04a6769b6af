package io.provtest.call.dial;

/**
 * Where one call's SIP dialog stands, from our side. Replaces the flags a call used to carry (provisional seen,
 * answered, cancel wanted, cancel sent, finished): each combination that can happen is one value, and the
 * impossible ones cannot be written down.
 */
public enum Phase {
    /** The INVITE is out, nothing came back yet. */
    INVITING,
    /** A provisional response came (a CANCEL may now be sent). */
    EARLY,
    /** We want to cancel, but CANCEL may only go once a provisional came (or sending it failed): it goes then. */
    CANCEL_WANTED,
    /** Our CANCEL is out; the 487 (or a late 200) ends the call. */
    CANCEL_SENT,
    /**
     * Our CANCEL went again after the dial timer, still without a final response to the INVITE: the 487 (or a late
     * 200) ends the call, or nothing does within the give-up time and the call ends as canceled all the same (RFC
     * 3261 9.1: the INVITE is considered canceled 64*T1 after its CANCEL).
     */
    CANCEL_RESENT,
    /** A 2xx came: the dialog is up (or being torn down because it came too late). */
    ANSWERED,
    /** We sent BYE after answer. */
    TERMINATING,
    /** The call has ended; nothing more happens. */
    ENDED;

    public boolean canceling() {
        return this == CANCEL_WANTED || this == CANCEL_SENT || this == CANCEL_RESENT;
    }

    public boolean answered() {
        return this == ANSWERED || this == TERMINATING;
    }
}
