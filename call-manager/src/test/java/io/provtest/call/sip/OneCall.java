package io.provtest.call.sip;

import io.provtest.common.sip.InvitePlan;
import io.provtest.testing.Sipp;
import java.util.List;
import javax.sip.Dialog;
import javax.sip.message.Response;

/** What the endpoint's tests of one call to a SIPp carrier share: the plan, an audio offer, a quiet handler. */
final class OneCall {

    static final String AUDIO_OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
            + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";

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
