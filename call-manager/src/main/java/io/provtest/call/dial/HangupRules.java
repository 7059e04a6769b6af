package io.provtest.call.dial;

/**
 * Where the hangup reason is decided. Final SIP responses before answer follow the reference mapping
 * (486/600 busy; 480/403/603 noanswer; 404/408/410/484/488/5xx and the rest failed); a failure is retried through
 * the next dialroute unless it was a decision of the called party (busy, no answer, decline).
 */
public final class HangupRules {

    public static final String NORMAL = "normal";
    public static final String FAILED = "failed";
    public static final String BUSY = "busy";
    public static final String CANCEL = "cancel";
    public static final String TIMEOUT = "timeout";
    public static final String NOANSWER = "noanswer";
    public static final String DIALOUT = "dialout";
    public static final String AMD = "amd";

    public static final String BY_LOCAL = "local";
    public static final String BY_REMOTE = "remote";

    private HangupRules() {
    }

    /** What ended an unanswered call, and whether another provider may be tried. */
    public record Outcome(String reason, boolean retryable) {
    }

    /** A final non-2xx response to our INVITE. {@code canceling}: we had sent CANCEL, so 487 is our own doing. */
    public static Outcome finalResponse(int code, boolean canceling) {
        if (canceling) {
            return new Outcome(CANCEL, false);
        }
        return switch (code) {
            case 486, 600 -> new Outcome(BUSY, false);
            case 480, 403, 603 -> new Outcome(NOANSWER, false);
            default -> new Outcome(FAILED, true);
        };
    }

    public static boolean isReason(String reason) {
        return switch (reason) {
            case NORMAL, FAILED, BUSY, CANCEL, TIMEOUT, NOANSWER, DIALOUT, AMD -> true;
            default -> false;
        };
    }

    /** Q.850 cause for the Reason header of a BYE/CANCEL we send. */
    public static int q850Cause(String reason) {
        return switch (reason) {
            case FAILED -> 18;
            case BUSY -> 17;
            case NOANSWER, DIALOUT -> 19;
            default -> 16;
        };
    }

    /**
     * Whether the answer to an in-dialog OPTIONS says the far end has lost the dialog: 481 (no such call), 408 or no
     * answer at all ({@code 0}); RFC 3261 12.2.1.2 ends the dialog on those. Anything else, 405 and 501 included,
     * came from a peer that still has it.
     */
    public static boolean dialogGone(int code) {
        return code == 0 || code == 408 || code == 481;
    }

    /**
     * The hangup cause of a call ended because one of its steps failed inside call-manager. Written for the
     * operator: what happened and where to look, never the Java message (it is in the log, with the call id).
     */
    public static String internalFailure(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "call-manager ran out of memory while handling this call; the call was ended.";
        }
        return "call-manager failed while handling this call (an internal error, logged with the call id); "
                + "the call was ended.";
    }

    /** The cause when every RTP port of this call-manager was taken at the moment the call was to be dialed. */
    public static String noRtpPort(int inUse, int capacity) {
        return "No INVITE was sent: this call-manager had no free RTP port (" + inUse + " of " + capacity
                + " in use by live calls).";
    }

    /** The cause when the SIP stack refused to send {@code method} for a reason of ours (logged with the call id). */
    public static String notSent(String method) {
        return "The " + method + " could not be sent: an internal error in call-manager's SIP stack (logged with the "
                + "call id).";
    }
}
