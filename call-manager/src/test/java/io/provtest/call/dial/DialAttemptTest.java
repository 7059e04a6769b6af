package io.provtest.call.dial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.address.DestinationGuard;
import io.provtest.call.provider.ProviderCache;
import io.provtest.call.engine.CallConfig;
import io.provtest.common.address.AllowList;
import io.provtest.call.engine.EngineExecutors;
import io.provtest.call.media.RtpConfig;
import io.provtest.call.media.RtpEngine;
import io.provtest.call.media.RtpSession;
import io.provtest.call.sip.InviteTiming;
import io.provtest.call.sip.SipConfig;
import io.provtest.call.sip.SipEndpoint;
import io.provtest.call.sip.TestSipConfig;
import io.provtest.common.model.Address;
import io.provtest.common.model.Provider;
import io.provtest.common.sip.InvitePlan;
import io.provtest.common.sip.SipTrunk;
import io.provtest.testing.Await;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import jakarta.enterprise.inject.Vetoed;

/**
 * The dial state machine on its own: SIP sending is replaced by a recording endpoint, route-manager by a fixed
 * provider table, and every event is driven on the test thread (the lane runs tasks in place). Only the RTP
 * socket is real (bound on 127.0.0.1), because the attempt opens one for its SDP offer.
 */
class DialAttemptTest {

    private static final Duration LONG_TIMEOUT = Duration.ofSeconds(60);
    /** Off unless a test turns it on. */
    private Duration dialogCheck = Duration.ZERO;
    /** The early check after an answer to a resent INVITE: off unless a test turns it on. */
    private Duration earlyCheckDelay = Duration.ZERO;
    private Duration earlyCheckTimeout = Duration.ofSeconds(4);
    private Duration cancelTimeout = Duration.ofSeconds(32);
    private static final Executor LANE = Runnable::run;

    private static RtpEngine rtp;
    private static MessageFactory messages;
    private static HeaderFactory headers;
    private static AddressFactory addresses;

    private final RecordingSip sip = new RecordingSip();
    private final Providers providers = new Providers();
    private final List<DialState> states = new ArrayList<>();

    @BeforeAll
    static void openRtpAndSipFactories() throws Exception {
        // above Linux's ephemeral range (32768-60999): a port the kernel lends another process for a moment (a DNS
        // query, a client socket) was free again after the test had filled the range, and the "no free port" test
        // got one (full suite, 01:05 UTC)
        rtp = new RtpEngine(new RtpConfig() {
            @Override
            public int portMin() {
                return 61000;
            }

            @Override
            public int portMax() {
                return 61100;
            }
        }, SIP_CONFIG);
        // the selector is opened by the Quarkus startup observer, which does not run in a plain unit test
        Method onStart = RtpEngine.class.getDeclaredMethod("onStart", StartupEvent.class);
        onStart.setAccessible(true);
        onStart.invoke(rtp, (Object) null);
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
        addresses = factory.createAddressFactory();
    }

    @AfterAll
    static void stopRtp() throws Exception {
        Method onStop = RtpEngine.class.getDeclaredMethod("onStop", ShutdownEvent.class);
        onStop.setAccessible(true);
        onStop.invoke(rtp, (Object) null);
    }

    @AfterEach
    void closeSockets() {
        for (DialState s : states) {
            s.cancelDialTimer();
            s.cancelDialogCheck();
            if (s.rtp() != null) {
                rtp.close(s.rtp());
            }
        }
    }

    // ---- cases ----

    @Test
    void anAnsweredCallWhoseCarrierNoLongerKnowsTheDialogEndsFailedByRemote() throws Exception {
        dialogCheck = Duration.ofMillis(50);
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"));

        dial.start(s);
        String callId = s.sipCallId();
        Dialog dialog = dialog();
        dial.onAnswered(s, callId, response(200, callId, null), dialog);
        assertEquals(1, rec.progressing.get());
        long deadline = System.currentTimeMillis() + 2_000;
        while (sip.dialogChecks.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of(dialog), sip.dialogChecks, "an answered call asks the carrier after the interval");

        dial.onDialogChecked(s, callId, 200);
        assertTrue(rec.endings.isEmpty(), "a 200 proves the dialog is alive");
        dial.onDialogChecked(s, callId, 481);

        assertEquals(1, rec.endings.size());
        DialListener.Ending ending = rec.endings.get(0);
        assertEquals("failed", ending.reason());
        assertEquals("remote", ending.by());
        assertTrue(ending.cause().contains("481"), ending.cause());
        assertTrue(sip.byes.isEmpty(), "no BYE into a dialog the carrier has forgotten");
        assertEquals(Phase.ENDED, s.phase());
    }

    /**
     * The benchmark's stuck calls (bench/README.md, "Calls left live"): the INVITE went out twice, the carrier
     * answered, took the copy for a broken request and dropped the call without a BYE. Such a call is asked about its
     * dialog soon after the answer, and no answer within the early check's timeout ends it; an answered call whose
     * INVITE went out once is not asked early.
     */
    @Test
    void anAnswerToAResentInviteIsCheckedEarlyAndEndsWhenTheCarrierDoesNotAnswer() throws Exception {
        earlyCheckDelay = Duration.ofMillis(50);
        earlyCheckTimeout = Duration.ofMillis(200);
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder onceRec = new Recorder();
        DialState once = state(onceRec, route("127.0.0.1:5090"));
        dial.start(once);
        dial.onAnswered(once, once.sipCallId(), response(200, once.sipCallId(), null), dialog());

        sip.resendInvites = true;
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5091"));
        dial.start(s);
        Dialog dialog = dialog();
        dial.onAnswered(s, s.sipCallId(), response(200, s.sipCallId(), null), dialog);
        assertEquals(Phase.ANSWERED, s.phase());
        Await.until(Duration.ofSeconds(2), "the call ended", () -> !rec.endings.isEmpty());

        assertEquals(List.of(dialog), sip.dialogChecks, "only the answer to the resent INVITE is checked early");
        DialListener.Ending ending = rec.endings.get(0);
        assertEquals("failed", ending.reason());
        assertEquals("remote", ending.by());
        assertTrue(ending.cause().contains("sent again"), ending.cause());
        assertTrue(sip.byes.isEmpty(), "no BYE into a dialog the carrier has forgotten");
        dial.onDialogChecked(s, s.sipCallId(), 0); // the OPTIONS transaction's own timeout, 32 s later: ignored
        assertEquals(1, rec.endings.size());
        assertEquals(Phase.ANSWERED, once.phase());
        assertTrue(onceRec.endings.isEmpty());
    }

    @Test
    void anEarlyCheckThatIsAnsweredKeepsTheCall() throws Exception {
        earlyCheckDelay = Duration.ofMillis(50);
        earlyCheckTimeout = Duration.ofMillis(200);
        sip.resendInvites = true;
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"));
        dial.start(s);
        dial.onAnswered(s, s.sipCallId(), response(200, s.sipCallId(), null), dialog());
        Await.until(Duration.ofSeconds(2), "the early check was asked", () -> !sip.dialogChecks.isEmpty());
        dial.onDialogChecked(s, s.sipCallId(), 405); // any answer proves the carrier holds the dialog

        Thread.sleep(400); // past the early check's timeout
        assertEquals(Phase.ANSWERED, s.phase());
        assertTrue(rec.endings.isEmpty(), "the deadline went with the answer");
    }

    @Test
    void aDialogCheckThatGetsNoAnswerEndsTheCallAndOneThatGetsNotImplementedKeepsIt() throws Exception {
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder rec = new Recorder();
        DialState kept = state(rec, route("127.0.0.1:5090"));
        dial.start(kept);
        dial.onAnswered(kept, kept.sipCallId(), response(200, kept.sipCallId(), null), dialog());
        dial.onDialogChecked(kept, kept.sipCallId(), 501);
        assertEquals(Phase.ANSWERED, kept.phase(), "501 came from a peer that still has the dialog");

        Recorder lostRec = new Recorder();
        DialState lost = state(lostRec, route("127.0.0.1:5091"));
        dial.start(lost);
        dial.onAnswered(lost, lost.sipCallId(), response(200, lost.sipCallId(), null), dialog());
        dial.onDialogChecked(lost, lost.sipCallId(), 0);
        assertEquals(1, lostRec.endings.size());
        assertTrue(lostRec.endings.get(0).cause().contains("no reply"), lostRec.endings.get(0).cause());
        assertTrue(rec.endings.isEmpty());
    }

    @Test
    void anAbandonedCallEndsAtOnceWithTheOperatorCauseAfterTellingTheFarEnd() throws Exception {
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder answeredRec = new Recorder();
        DialState answered = state(answeredRec, route("127.0.0.1:5090"));
        dial.start(answered);
        Dialog dialog = dialog();
        dial.onAnswered(answered, answered.sipCallId(), response(200, answered.sipCallId(), null), dialog);
        String cause = HangupRules.internalFailure(new OutOfMemoryError("Java heap space"));
        dial.abandon(answered, cause);
        assertEquals(List.of(new DialListener.Ending("failed", "local", null, null,
                "call-manager ran out of memory while handling this call; the call was ended.")), answeredRec.endings);
        assertEquals(1, sip.byes.size(), "an answered call is told with a BYE");
        assertEquals(Phase.ENDED, answered.phase());

        Recorder invitingRec = new Recorder();
        DialState inviting = state(invitingRec, route("127.0.0.1:5091"));
        dial.start(inviting);
        dial.abandon(inviting, HangupRules.internalFailure(new IllegalStateException("this.selector is null")));
        assertEquals(1, invitingRec.endings.size(), "no 487 awaited: it ends at once");
        String unanswered = invitingRec.endings.get(0).cause();
        assertEquals("call-manager failed while handling this call (an internal error, logged with the call id); "
                + "the call was ended.", unanswered);
        dial.abandon(inviting, "again");
        assertEquals(1, invitingRec.endings.size(), "an ended call is not ended twice");
    }

    @Test
    void aCallAdmittedWhenTheLastRtpPortWasTakenEndsFailedWithThatCauseAndSendsNoInvite() throws Exception {
        List<RtpSession> held = new ArrayList<>();
        try {
            // twice: a port the previous test closed is released by the selector's next round, which may come
            // after the first pass
            for (int pass = 0; pass < 2; pass++) {
                try {
                    while (held.size() <= rtp.capacity()) {
                        held.add(rtp.open());
                    }
                } catch (RtpEngine.PortsExhausted everyPortHeld) {
                    // (by this test, or a few by another process that bound one of them on purpose)
                }
                Thread.sleep(100);
            }
            DialAttempt dial = attempt(LONG_TIMEOUT);
            Recorder rec = new Recorder();
            DialState s = state(rec, route("127.0.0.1:5090"));

            dial.start(s);

            assertTrue(sip.invites.isEmpty(), "no INVITE without a port for its media");
            assertEquals(1, rec.endings.size());
            DialListener.Ending ending = rec.endings.get(0);
            assertEquals("failed", ending.reason());
            assertEquals("local", ending.by());
            assertEquals("No INVITE was sent: this call-manager had no free RTP port (" + rtp.inUse() + " of "
                    + rtp.capacity() + " in use by live calls).", ending.cause());
            assertEquals(Phase.ENDED, s.phase());
        } finally {
            held.forEach(rtp::close);
            // a closed channel keeps its port until the engine's selector drops its key: the next test needs one
            long deadline = System.currentTimeMillis() + 5_000;
            while (true) {
                try {
                    rtp.close(rtp.open());
                    break;
                } catch (RtpEngine.PortsExhausted stillHeld) {
                    if (System.currentTimeMillis() > deadline) {
                        throw stillHeld;
                    }
                    Thread.sleep(20);
                }
            }
        }
    }

    @Test
    void busyEndsBusyByRemoteWithItsCodeAndNoFailover() {
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"), route("127.0.0.1:5091"));

        dial.start(s);
        String callId = s.sipCallId();
        assertEquals(List.of(callId), rec.sending);
        assertEquals(List.of(false), rec.failedOver);
        dial.onProvisional(s, callId, 180);
        assertEquals(1, rec.ringing.get());
        dial.onRejected(s, callId, 486, "Busy Here");

        assertEquals(1, sip.invites.size(), "a busy callee is not retried through the next dialroute");
        assertEquals(List.of(486), rec.finalCodes);
        assertEquals(List.of(new DialListener.Ending("busy", "remote", 486, "Busy Here", "")), rec.endings);
        assertEquals(Phase.ENDED, s.phase());
        assertTrue(sip.cancels.isEmpty());
        assertTrue(sip.byes.isEmpty());
    }

    @Test
    void serviceUnavailableFailsOverToTheNextRouteAndNotFoundThereEndsFailed() {
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"), route("127.0.0.1:5091"));

        dial.start(s);
        String first = s.sipCallId();
        dial.onRejected(s, first, 503, "Service Unavailable");

        assertEquals(2, sip.invites.size(), "the 503 is retried through the second dialroute");
        assertTrue(sip.invites.get(0).requestUri().endsWith("@127.0.0.1:5090"), sip.invites.get(0).requestUri());
        assertTrue(sip.invites.get(1).requestUri().endsWith("@127.0.0.1:5091"), sip.invites.get(1).requestUri());
        String second = s.sipCallId();
        assertNotEquals(first, second);
        assertEquals(List.of(first, second), rec.sending);
        assertEquals(List.of(false, true), rec.failedOver);
        assertEquals(Phase.INVITING, s.phase());
        assertTrue(rec.endings.isEmpty(), "a failover does not end the call");

        dial.onRejected(s, second, 404, "Not Found");
        assertEquals(List.of(503, 404), rec.finalCodes);
        assertEquals(List.of(new DialListener.Ending("failed", "remote", 404, "Not Found", "")), rec.endings);
        assertEquals(2, sip.invites.size(), "no third INVITE: there is no third dialroute");
    }

    @Test
    void declineNeverFailsOver() {
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"), route("127.0.0.1:5091"));

        dial.start(s);
        dial.onRejected(s, s.sipCallId(), 603, "Decline");

        assertEquals(1, sip.invites.size());
        assertEquals(List.of(false), rec.failedOver);
        assertEquals(List.of(new DialListener.Ending("noanswer", "remote", 603, "Decline", "")), rec.endings);
    }

    @Test
    void hangupBeforeAnyProvisionalWaitsForOneToCancelAndThe487EndsCancelByLocal() {
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"));

        dial.start(s);
        String callId = s.sipCallId();
        dial.hangup(s, "normal");
        assertEquals(Phase.CANCEL_WANTED, s.phase());
        assertEquals(1, rec.canceling.get());
        assertTrue(sip.cancels.isEmpty(), "CANCEL may not go before a provisional response (RFC 3261 9.1)");

        dial.onProvisional(s, callId, 180);
        assertEquals(Phase.CANCEL_SENT, s.phase());
        assertEquals(1, sip.cancels.size());
        assertEquals(0, rec.ringing.get(), "a call being canceled is not reported as ringing");

        dial.onRejected(s, callId, 487, "Request Terminated");
        assertEquals(List.of(new DialListener.Ending("cancel", "local", 487, "Request Terminated", "")), rec.endings);
        assertEquals(1, sip.invites.size());
    }

    @Test
    void aCancelTheCarrierNeverEndsIsSentAgainAtTheDialTimeoutThenTheCallEndsAsCanceledWithACause() throws Exception {
        cancelTimeout = Duration.ofMillis(200);
        DialAttempt dial = attempt(Duration.ofMillis(200));
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"));

        dial.start(s);
        dial.onProvisional(s, s.sipCallId(), 100);
        dial.hangup(s, "normal"); // a groupcall leg whose sibling answered, right after the carrier's 100 Trying
        assertEquals(1, sip.cancels.size());
        awaitUntil(() -> !rec.endings.isEmpty());

        assertEquals(2, sip.cancels.size(), "the dial timer sends the unanswered CANCEL again");
        assertEquals(List.of(new DialListener.Ending("cancel", "local", null, null, DialAttempt.NO_END_AFTER_CANCEL)),
                rec.endings, "no final response after that either: the call ends, not left canceling for ever");
        assertEquals(Phase.ENDED, s.phase());
    }

    @Test
    void theDialTimersCancelUnansweredByTheCarrierEndsTheCallAsDialoutAfterTheGiveUpTime() throws Exception {
        cancelTimeout = Duration.ofMillis(200);
        DialAttempt dial = attempt(Duration.ofMillis(200));
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"));

        dial.start(s);
        dial.onProvisional(s, s.sipCallId(), 180);
        awaitUntil(() -> !rec.endings.isEmpty());

        assertEquals(1, sip.cancels.size(), "the dial timer CANCELs what rings");
        assertEquals(List.of(new DialListener.Ending("dialout", "local", null, null, DialAttempt.NO_END_AFTER_CANCEL)),
                rec.endings, "no 487 for it: the call ends all the same");
        assertEquals(Phase.ENDED, s.phase());
    }

    @Test
    void a487AfterTheCancelWasSentAgainEndsTheCallAsUsual() throws Exception {
        DialAttempt dial = attempt(Duration.ofMillis(100));
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"));

        dial.start(s);
        String callId = s.sipCallId();
        dial.onProvisional(s, callId, 180);
        dial.hangup(s, "normal");
        awaitUntil(() -> s.phase() == Phase.CANCEL_RESENT);
        assertEquals(Phase.CANCEL_RESENT, s.phase());

        dial.onRejected(s, callId, 487, "Request Terminated");
        assertEquals(List.of(new DialListener.Ending("cancel", "local", 487, "Request Terminated", "")), rec.endings);
    }

    @Test
    void answerAfterCancelWasWantedIsByedAndEndsCancelByLocal() throws Exception {
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"));

        dial.start(s);
        String callId = s.sipCallId();
        dial.hangup(s, "normal");
        Dialog dialog = dialog();
        Response ok = response(200, callId, null);
        dial.onAnswered(s, callId, ok, dialog);

        assertEquals(1, sip.byes.size());
        assertSame(dialog, sip.byes.get(0).dialog());
        assertEquals(16, sip.byes.get(0).q850Cause());
        assertTrue(rec.answered.isEmpty(), "an answer we no longer want is not offered to the listener");
        assertEquals(0, rec.progressing.get());
        assertTrue(rec.endings.isEmpty(), "the call ends when the BYE is done");

        dial.onByeDone(s, s.sipCallId());
        assertEquals(List.of(new DialListener.Ending("cancel", "local", null, null, "")), rec.endings);
    }

    @Test
    void answerRefusedByTheListenerIsByedAndEndsCancelWithTheRefusalAsCause() throws Exception {
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder rec = new Recorder();
        rec.refusal = "groupcall lost";
        DialState s = state(rec, route("127.0.0.1:5090"));

        dial.start(s);
        String callId = s.sipCallId();
        dial.onProvisional(s, callId, 180);
        Dialog dialog = dialog();
        dial.onAnswered(s, callId, response(200, callId, null), dialog);

        assertEquals(1, rec.answered.size());
        assertEquals(1, sip.byes.size());
        assertSame(dialog, sip.byes.get(0).dialog());
        assertEquals(0, rec.progressing.get(), "a refused answer never becomes a call in progress");
        assertEquals(Phase.ANSWERED, s.phase());

        dial.onByeDone(s, s.sipCallId());
        assertEquals(List.of(new DialListener.Ending("cancel", "local", null, null, "groupcall lost")), rec.endings);
    }

    @Test
    void hangupAfterAnswerSendsByeAndTheRemoteByeThenEndsByLocal() throws Exception {
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"));

        dial.start(s);
        String callId = s.sipCallId();
        dial.onProvisional(s, callId, 183);
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 41990 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
        Dialog dialog = dialog();
        dial.onAnswered(s, callId, response(200, callId, sdp), dialog);
        assertEquals(1, rec.progressing.get());
        assertEquals(List.of(200), rec.progressCodes);
        assertEquals(8, s.payloadType(), "the far end chose PCMA");
        assertEquals(Phase.ANSWERED, s.phase());

        dial.hangup(s, "normal");
        assertEquals(Phase.TERMINATING, s.phase());
        assertEquals(1, rec.terminating.get());
        assertEquals(1, sip.byes.size());
        assertSame(dialog, sip.byes.get(0).dialog());
        assertEquals(16, sip.byes.get(0).q850Cause());
        assertTrue(sip.cancels.isEmpty());

        dial.hangup(s, "normal");
        assertEquals(1, sip.byes.size(), "a second hangup while the BYE is out sends nothing");

        dial.onRemoteBye(s, s.sipCallId());
        assertEquals(List.of(new DialListener.Ending("normal", "local", null, null, "")), rec.endings);
        dial.onByeDone(s, s.sipCallId());
        assertEquals(1, rec.endings.size(), "ended is reported exactly once");
    }

    @Test
    void anAnswerWithoutUsableMediaIsByedAndEndsFailedWithTheCauseBeforeAnyGroupcallTakesIt() throws Exception {
        String[][] cases = {
                {"70000", "IN IP4 127.0.0.1", "invalid media port (70000)"},
                {"0", "IN IP4 127.0.0.1", "rejected the audio stream"},
                {"41990", "IN IP4 0.0.0.0", "unspecified connection address"},
                {"41990", "IN IP4 media.nowhere.invalid", "does not resolve"},
        };
        for (String[] c : cases) {
            DialAttempt dial = attempt(LONG_TIMEOUT);
            Recorder rec = new Recorder();
            DialState s = state(rec, route("127.0.0.1:5090"));
            dial.start(s);
            String callId = s.sipCallId();
            String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=" + c[1] + "\r\nt=0 0\r\n"
                    + "m=audio " + c[0] + " RTP/AVP 0\r\n";
            Dialog dialog = dialog();
            dial.onAnswered(s, callId, response(200, callId, sdp), dialog);

            assertEquals(0, rec.progressing.get(), c[2] + ": an answer without media never becomes a call in progress");
            assertTrue(rec.answered.isEmpty(), c[2] + ": a groupcall is not asked");
            assertEquals(1, sip.byes.size(), c[2]);
            assertSame(dialog, sip.byes.get(0).dialog());
            dial.onByeDone(s, callId);
            assertEquals(1, rec.endings.size(), c[2]);
            DialListener.Ending ending = rec.endings.get(0);
            assertEquals("failed", ending.reason(), c[2]);
            assertEquals("local", ending.by(), c[2]);
            assertTrue(ending.cause().contains(c[2]), ending.cause());
            sip.byes.clear();
        }
    }

    @Test
    void answerWithoutSdpUsesPayloadTypeZero() throws Exception {
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"));

        dial.start(s);
        dial.onAnswered(s, s.sipCallId(), response(200, s.sipCallId(), null), dialog());

        assertEquals(1, rec.progressing.get());
        assertEquals(0, s.payloadType());
        assertTrue(rec.endings.isEmpty());
    }

    @Test
    void noAnswerWithinTheDialTimeoutAfterRingingCancelsAndThe487EndsDialoutByLocal() throws Exception {
        DialAttempt dial = attempt(Duration.ofMillis(200));
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"));

        dial.start(s);
        String callId = s.sipCallId();
        dial.onProvisional(s, callId, 180);
        awaitUntil(() -> !sip.cancels.isEmpty());
        assertEquals(1, sip.cancels.size(), "the dial timer CANCELs what rings");
        assertTrue(rec.endings.isEmpty(), "the 487 ends the call, not the timer");

        dial.onRejected(s, callId, 487, "Request Terminated");
        assertEquals(List.of(new DialListener.Ending("dialout", "local", 487, "Request Terminated", "")), rec.endings);
        assertEquals(1, sip.invites.size());
    }

    @Test
    void responsesToTheInviteBeforeAFailoverAreIgnored() {
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"), route("127.0.0.1:5091"));

        dial.start(s);
        String stale = s.sipCallId();
        dial.onRejected(s, stale, 503, "Service Unavailable");
        String current = s.sipCallId();

        dial.onProvisional(s, stale, 180);
        dial.onRejected(s, stale, 486, "Busy Here");
        dial.onNoResponse(s, stale);

        assertEquals(Phase.INVITING, s.phase());
        assertEquals(0, rec.ringing.get());
        assertEquals(List.of(503), rec.finalCodes);
        assertTrue(rec.endings.isEmpty());
        assertEquals(current, s.sipCallId());

        dial.onProvisional(s, current, 180);
        assertEquals(1, rec.ringing.get(), "the current INVITE is still followed");
    }

    /*
     * A 2xx whose Call-ID is not the current INVITE's (the first dialroute answering after the dial timer failed over
     * from it) is ACKed and BYEd on its own dialog; the current attempt's phase, dialog and reason stay as they were,
     * and the end of that stale dialog does not end the call. (Found by this test: the engine before the split let
     * such an answer take over the current attempt.)
     */
    @Test
    void aLateAnswerToTheInviteBeforeAFailoverIsByedWithoutTouchingTheCurrentAttempt() throws Exception {
        DialAttempt dial = attempt(LONG_TIMEOUT);
        Recorder rec = new Recorder();
        DialState s = state(rec, route("127.0.0.1:5090"), route("127.0.0.1:5091"));

        dial.start(s);
        String stale = s.sipCallId();
        dial.onRejected(s, stale, 503, "Service Unavailable");
        String current = s.sipCallId();

        Dialog staleDialog = dialog();
        dial.onAnswered(s, stale, response(200, stale, null), staleDialog);
        assertEquals(1, sip.byes.size(), "the stale answer is hung up");
        assertSame(staleDialog, sip.byes.get(0).dialog());
        assertEquals(Phase.INVITING, s.phase(), "the current attempt is unaffected");
        assertTrue(rec.endings.isEmpty());

        dial.onByeDone(s, stale);
        assertTrue(rec.endings.isEmpty(), "the stale dialog's end is not the call's");

        dial.onAnswered(s, current, response(200, current, null), dialog());
        assertEquals(1, rec.answered.size(), "the current INVITE's answer is still offered to the listener");
        assertEquals(1, rec.progressing.get());
    }

    // ---- fixtures ----

    private static final SipConfig SIP_CONFIG = new TestSipConfig(5080);

    /** Waits up to 5 s for what the dial attempt's timers do on their own thread. */
    private static void awaitUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private DialAttempt attempt(Duration dialTimeout) {
        CallConfig config = new CallConfig() {
            @Override
            public Duration dialTimeout() {
                return dialTimeout;
            }

            @Override
            public Duration cancelTimeout() {
                return cancelTimeout;
            }

            @Override
            public Duration maxDuration() {
                return Duration.ofHours(1);
            }

            @Override
            public Duration balanceHangupMargin() {
                return Duration.ofMillis(500);
            }

            @Override
            public String instanceId() {
                return "cm-test";
            }

            @Override
            public Duration routeManagerTimeout() {
                return Duration.ofSeconds(3);
            }

            @Override
            public int engineThreads() {
                return 1;
            }

            @Override
            public Duration providerCacheTtl() {
                return Duration.ZERO;
            }

            @Override
            public int mediaThreads() {
                return 1;
            }

            @Override
            public AdmissionConfig admission() {
                throw new UnsupportedOperationException("the dial attempt does not admit calls");
            }

            @Override
            public GroupcallConfig groupcall() {
                throw new UnsupportedOperationException("the dial attempt places no groupcall");
            }

            @Override
            public Duration dialogCheckInterval() {
                return dialogCheck;
            }

            @Override
            public Duration earlyDialogCheckDelay() {
                return earlyCheckDelay;
            }

            @Override
            public Duration earlyDialogCheckTimeout() {
                return earlyCheckTimeout;
            }

            @Override
            public Duration drainTimeout() {
                throw new UnsupportedOperationException("the dial attempt does not drain");
            }

            @Override
            public LeaseConfig lease() {
                throw new UnsupportedOperationException("the dial attempt holds no lease");
            }
        };
        // its threads are daemons; each test's dial timer is canceled in closeSockets()
        // every route of these tests goes through a provider: the guard only resolves SDP answers' media names,
        // and none resolves here
        DestinationGuard guard = new DestinationGuard(AllowList.NONE, AllowList.NONE, (name, timeout) -> {
            throw new java.net.UnknownHostException(name);
        }, address -> false, java.time.Duration.ofSeconds(1));
        return new DialAttempt(sip, SIP_CONFIG, rtp, new ProviderCache(providers::provider, 0, System::currentTimeMillis), config,
                new EngineExecutors(config), guard);
    }

    private DialRequest.Route route(String hostname) {
        UUID providerId = UUID.randomUUID();
        providers.byId.put(providerId, new Provider(providerId, "sip", hostname, "", "", Map.of(), "udp",
                "carrier " + hostname, "", "", "unknown", null, null, null, 0, 0, null, null, null));
        return new DialRequest.Route(UUID.randomUUID(), providerId);
    }

    private DialState state(Recorder rec, DialRequest.Route... routes) {
        DialRequest request = new DialRequest(UUID.randomUUID(), List.of(routes),
                new Address("tel", "+14155551234", null, null, null),
                new Address("tel", "+14155550000", null, null, null), "no", "PCMU,PCMA");
        DialState s = new DialState(request, LANE, rec);
        states.add(s);
        return s;
    }

    /** A final response as the stack would hand it over: built from a real INVITE with JAIN-SIP's factories. */
    private static Response response(int code, String callId, String sdp) throws Exception {
        Request invite = messages.createRequest(addresses.createURI("sip:+14155551234@127.0.0.1:5090"), Request.INVITE,
                headers.createCallIdHeader(callId), headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(addresses.createAddress("<sip:+14155550000@127.0.0.1>"), "from-tag"),
                headers.createToHeader(addresses.createAddress("<sip:+14155551234@127.0.0.1:5090>"), null),
                List.of(headers.createViaHeader("127.0.0.1", 5080, "udp", "z9hG4bK-" + callId)),
                headers.createMaxForwardsHeader(70));
        Response response = messages.createResponse(code, invite);
        if (sdp != null) {
            response.setContent(sdp.getBytes(StandardCharsets.US_ASCII),
                    headers.createContentTypeHeader("application", "sdp"));
        }
        return response;
    }

    /** A dialog handle the recording endpoint only passes around (identity is all the test looks at). */
    private static Dialog dialog() {
        return (Dialog) Proxy.newProxyInstance(Dialog.class.getClassLoader(), new Class<?>[] {Dialog.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "test-dialog";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Records what would go on the wire instead of sending it (the ACK is the endpoint's own: not here). */
    /** Not a bean: the component tests of this module must see only the real endpoint. */
    @Vetoed
    static final class RecordingSip extends SipEndpoint {
        private final AtomicInteger next = new AtomicInteger();
        final List<InvitePlan> invites = new CopyOnWriteArrayList<>();
        final List<ClientTransaction> cancels = new CopyOnWriteArrayList<>();
        final List<Bye> byes = new CopyOnWriteArrayList<>();
        final List<Dialog> dialogChecks = new CopyOnWriteArrayList<>();
        /** Whether the INVITEs sent from now on count as sent again by the stack (no response within 500 ms). */
        volatile boolean resendInvites;

        record Bye(Dialog dialog, int q850Cause) {
        }

        RecordingSip() {
            super(SIP_CONFIG);
        }

        @Override
        public Invite invite(InvitePlan plan, String sdp, Consumer<String> beforeSend) {
            String callId = "test-call-" + next.incrementAndGet() + "@127.0.0.1";
            beforeSend.accept(callId);
            invites.add(plan);
            // no transaction: the paths under test only hand it back to cancel() below, never dereference it
            // as if its first response came now, after the stack's copy (or before any copy)
            InviteTiming timing = InviteTiming.sending(SipTrunk.UDP, 0);
            timing.responded(resendInvites ? Duration.ofSeconds(1).toNanos() : 0);
            return new Invite(callId, null, timing);
        }

        @Override
        public void cancel(ClientTransaction invite) {
            // CopyOnWriteArrayList accepts the null transaction; the count is what matters
            cancels.add(invite);
        }

        @Override
        public void checkDialog(Dialog dialog) {
            dialogChecks.add(dialog);
        }

        @Override
        public void bye(Dialog dialog, int q850Cause) {
            byes.add(new Bye(dialog, q850Cause));
        }
    }

    /** route-manager's provider table, without the RPC. */
    /** Not a bean: the component tests of this module must see only the real endpoint. */
    @Vetoed
    static final class Providers {
        final Map<UUID, Provider> byId = new java.util.concurrent.ConcurrentHashMap<>();

        Provider provider(UUID id) {
            return byId.get(id);
        }
    }

    /** Collects every report of the attempt, in order. */
    /** Not a bean: the component tests of this module must see only the real endpoint. */
    @Vetoed
    static final class Recorder implements DialListener {
        final List<String> sending = new CopyOnWriteArrayList<>();
        final List<Boolean> failedOver = new CopyOnWriteArrayList<>();
        final AtomicInteger ringing = new AtomicInteger();
        final List<DialState> answered = new CopyOnWriteArrayList<>();
        final AtomicInteger progressing = new AtomicInteger();
        final List<Integer> progressCodes = new CopyOnWriteArrayList<>();
        final List<Integer> finalCodes = new CopyOnWriteArrayList<>();
        final AtomicInteger canceling = new AtomicInteger();
        final AtomicInteger terminating = new AtomicInteger();
        final List<Ending> endings = new CopyOnWriteArrayList<>();
        volatile String refusal;

        @Override
        public void sending(DialState dial, String sipCallId) {
            sending.add(sipCallId);
        }

        @Override
        public void attemptStarted(DialState dial, String sipCallId, DialRequest.Route route, boolean failedOver) {
            assertEquals(sending.get(sending.size() - 1), sipCallId, "sending comes before the INVITE leaves");
            this.failedOver.add(failedOver);
        }

        @Override
        public void ringing(DialState dial) {
            ringing.incrementAndGet();
        }

        @Override
        public String answered(DialState dial) {
            answered.add(dial);
            return refusal;
        }

        @Override
        public void progressing(DialState dial, int code, String reason) {
            progressing.incrementAndGet();
            progressCodes.add(code);
        }

        @Override
        public void finalResponse(DialState dial, int code, String reason) {
            finalCodes.add(code);
        }

        @Override
        public void canceling(DialState dial) {
            canceling.incrementAndGet();
        }

        @Override
        public void terminating(DialState dial) {
            terminating.incrementAndGet();
        }

        @Override
        public void ended(DialState dial, Ending ending) {
            assertEquals(Phase.ENDED, dial.phase(), "ended is reported once the phase is ENDED");
            endings.add(ending);
        }
    }
}
