package io.provtest.call.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.provtest.testing.Sipp;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.Dialog;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/**
 * An ended call leaves the SIP stack little to hold. The carrier's BYE transaction stays 32 s (Timer J) and the
 * stack's check that the 2xx was ACKed ran 32 s after the answer; with the stack's defaults both held the dialog, and
 * through it every message of the call: at 450 calls/s, 160-180 MB of live heap and a full collection every second
 * or two (bench/README.md, "Ended calls in the heap"). Here a real stack and a SIPp carrier that answers and hangs
 * up: well within those 32 s the call's dialog is garbage, about 2 s after the BYE (the stack's linger of a terminated
 * dialog and the ACK check are both 2 s; with the stack's 8 s linger it took 9.6 s).
 */
class EndedCallMemoryTest {

    private static final Path SCENARIOS = Path.of("src/test/resources/sipp");

    @Test
    void anEndedCallsDialogIsGarbageLongBeforeTheByeTransactionsTimerJEnds() throws Exception {
        CompletableFuture<String> remoteBye = new CompletableFuture<>();
        AtomicReference<WeakReference<Dialog>> answered = new AtomicReference<>();
        SipEndpoint endpoint = new SipEndpoint(TestSipConfig.onFreePort());
        endpoint.handler(new OneCall.QuietHandler() {
            @Override
            public void onAnswered(String sipCallId, Response response, Dialog dialog) {
                answered.set(new WeakReference<>(dialog));
            }

            @Override
            public void onRemoteBye(String sipCallId) {
                remoteBye.complete(sipCallId);
            }
        });
        endpoint.onStart(null);
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_answer_bye.xml"), 1, "-d", "200")) {
            String sipCallId = endpoint.invite(OneCall.planTo(carrier), OneCall.AUDIO_OFFER, id -> { }).sipCallId();
            assertEquals(sipCallId, remoteBye.completeOnTimeout(null, 10, TimeUnit.SECONDS).get(),
                    "the carrier answered and hung up: " + carrier.describe());
            assertEquals(0, carrier.awaitExit(10), "the carrier got our ACK and the BYE's answer: "
                    + carrier.describe());
            long byeAt = System.nanoTime();

            // a terminated dialog lingers 2 s (SipEndpoint.LINGER_SECONDS); Timer J and M run 32 s
            WeakReference<Dialog> dialog = answered.get();
            long deadline = byeAt + TimeUnit.SECONDS.toNanos(6);
            while (dialog.get() != null && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(250);
            }
            assertNull(dialog.get(), "the ended call's dialog is still reachable "
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - byeAt) + " s after the BYE");
        } finally {
            endpoint.onStop(null);
        }
    }
}
