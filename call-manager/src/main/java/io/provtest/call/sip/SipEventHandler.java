package io.provtest.call.sip;

import javax.sip.Dialog;
import javax.sip.message.Response;

/** What the SIP endpoint reports about an outbound INVITE, keyed by its Call-ID. */
public interface SipEventHandler {

    void onProvisional(String sipCallId, int code, String reason);

    /** A provisional response to our INVITE carried an SDP answer (early media: a 183, or a 180 with SDP). */
    default void onEarlyMedia(String sipCallId, String sdp) {
    }

    /** A 2xx to our INVITE (first or retransmitted), already ACKed by the endpoint. */
    void onAnswered(String sipCallId, Response response, Dialog dialog);

    void onRejected(String sipCallId, int code, String reason);

    /** The far end hung up an established call; the endpoint has already answered 200. */
    void onRemoteBye(String sipCallId);

    /** Our BYE was answered (or will never be): the dialog is over. */
    void onByeDone(String sipCallId);

    /** No final response to the INVITE within the transaction timeout. */
    void onNoResponse(String sipCallId);

    /** The answer to an in-dialog OPTIONS of an answered call: its final code, or 0 when none came. */
    void onDialogChecked(String sipCallId, int code);
}
