package io.provtest.call.sip;

import io.provtest.common.sip.InvitePlan;
import io.provtest.testing.Sipp;
import java.util.List;
import javax.sip.Dialog;
import javax.sip.message.Response;

/** What the endpoint's tests of one call to a SIPp carrier share: the plan, an audio offer, a quiet handler. */
final class OneCall {

    /** The offer the engine builds, PCMU on a port nothing listens on (these tests carry no media). */
    static final String AUDIO_OFFER = Sdp.offer("127.0.0.1", 40000, List.of("PCMU"), 1);

    private OneCall() {
    }

    /** An INVITE over UDP to the carrier's address, for a fixed callee. */
    static InvitePlan planTo(Sipp carrier) {
        return new InvitePlan("sip:+821012345678@" + carrier.hostPort(), "<sip:test@127.0.0.1>",
                "<sip:+821012345678@" + carrier.hostPort() + ">", List.of(), "udp");
    }

    /** Ignores every report: a test overrides the ones it watches. */
    static class QuietHandler implements SipEventHandler {

        @Override
        public void onProvisional(String sipCallId, int code, String reason) {
        }

        @Override
        public void onAnswered(String sipCallId, Response response, Dialog dialog) {
        }

        @Override
        public void onRejected(String sipCallId, int code, String reason) {
        }

        @Override
        public void onRemoteBye(String sipCallId) {
        }

        @Override
        public void onByeDone(String sipCallId) {
        }

        @Override
        public void onNoResponse(String sipCallId) {
        }

        @Override
        public void onDialogChecked(String sipCallId, int code) {
        }
    }
}
