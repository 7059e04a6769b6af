package io.provtest.call.dial;

/**
 * What a dial attempt reports upward (implemented by the call's lifecycle). The attempt decides what happens on the
 * wire; the listener records it and decides what the call does next. Every method runs on the call's own lane.
 */
public interface DialListener {

    /** The INVITE for {@code sipCallId} is about to leave: responses to it must find this call from now on. */
    void sending(DialState dial, String sipCallId);

    /** The INVITE left; {@code route} is null for a sip destination dialed directly. */
    void attemptStarted(DialState dial, String sipCallId, DialRequest.Route route, boolean failedOver);

    /** A 180/183 while nobody wants to cancel. */
    void ringing(DialState dial);

    /**
     * A 2xx for the current INVITE, wanted. Returns null to keep it, or why it is refused (a groupcall leg that lost
     * the race): the attempt then ends the dialog with BYE, reason cancel.
     */
    String answered(DialState dial);

    /** The answer is kept and media is set up: the call is up. */
    void progressing(DialState dial, int code, String reason);

    /** The far end's final response, recorded whatever happens next (failover included). */
    void finalResponse(DialState dial, int code, String reason);

    /** A local hangup before answer. */
    void canceling(DialState dial);

    /** A local hangup after answer, just before our BYE. */
    void terminating(DialState dial);

    /** The call is over; called exactly once. */
    void ended(DialState dial, Ending ending);

    /** How a call ended: hangup_reason, hangup_by, the far end's final response if any, and a cause for operators. */
    record Ending(String reason, String by, Integer sipCode, String sipReason, String cause) {
    }
}
