package io.provtest.call.sip;

import io.provtest.common.sip.Codec;
import io.provtest.common.sip.InvitePlan;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.Dialog;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * Runs the signalling path a few thousand times before this instance serves, so that the first minute of real calls
 * meets compiled code. A fresh call-manager ACKed late in its first minute (ACK p99 21-31 ms at 150 calls/s against
 * 2-11 ms once warm, bench/README.md, "The SIP path warmed before readiness"): the stack's parser, its transactions
 * and dialogs and our listener ran interpreted while the JIT compiled them, on the two cores the calls needed.
 *
 * <p>The warm-up places {@link SipWarmupConfig#calls()} calls through the endpoint's own INVITE, ACK and BYE code to
 * a {@link LoopbackCarrier} inside this process: INVITE, 180, 200 with SDP, ACK, and a BYE from the carrier (from us
 * when an advertised address may not lead back here), answered 200. It runs in the start-up, after the SIP stack
 * listens and before the engine takes the listener and the RPC server takes requests; readiness stays down until it
 * is over. No call, row, trace or event is made: the engine never hears of these dialogs. A warm-up that fails or
 * runs out of time is logged and the instance starts all the same.
 */
@Singleton
public class SipWarmup {

    private static final Logger LOG = Logger.getLogger(SipWarmup.class);
    /** Dialogs in flight at once: enough to keep the stack's thread busy, few enough not to need retransmissions. */
    private static final int IN_FLIGHT = 32;

    /** What a warm-up did: calls asked and placed, dialogs ended whole by the carrier's BYE or by ours. */
    public record Outcome(int asked, int placed, int endedByCarrier, int endedByUs, long millis) {

        public int completed() {
            return endedByCarrier + endedByUs;
        }
    }

    private final SipEndpoint sip;
    private final SipConfig sipConfig;
    private final SipWarmupConfig config;
    private volatile boolean done;
    private volatile Outcome outcome = new Outcome(0, 0, 0, 0, 0);

    public SipWarmup(SipEndpoint sip, SipConfig sipConfig, SipWarmupConfig config) {
        this.sip = sip;
        this.sipConfig = sipConfig;
        this.config = config;
    }

    /** Whether the warm-up is over (readiness): done, switched off, failed or timed out. */
    public boolean done() {
        return done;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** After the SIP endpoint's start (40), before the engine takes the listener (50) and the RPC server (5000). */
    void onStart(@Observes @Priority(42) StartupEvent event) {
        run();
    }

    Outcome run() {
        try {
            if (sip.hasHandler()) {
                // started after the engine took the endpoint: its calls' reports would come here meanwhile
                LOG.warn("SIP warm-up skipped: the engine already listens on the SIP endpoint");
            } else if (config.calls() > 0) {
                outcome = warm(config.calls(), config.timeout());
                LOG.infof("SIP path warmed: %d of %d test calls to a carrier inside this process completed in %d ms",
                        outcome.completed(), outcome.asked(), outcome.millis());
            }
        } catch (Exception e) {
            LOG.warnf("SIP warm-up given up, serving all the same: %s", e.toString());
        } finally {
            done = true;
        }
        return outcome;
    }

    private Outcome warm(int calls, Duration timeout) throws Exception {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        // The carrier's BYE goes to our Contact, which is the advertised address when one is set: perhaps not one
        // this process can reach from inside. Then we end the dialogs ourselves.
        Run run = new Run(sipConfig.advertisedHost().isEmpty());
        try (LoopbackCarrier carrier = LoopbackCarrier.start(sipConfig.host(), run.carrierHangsUp)) {
            sip.handler(run);
            String offer = Sdp.offer(sipConfig.contactHost(), 9, Codec.names(), 1);
            String to = "sip:warmup@" + carrier.address().hostPort();
            InvitePlan plan = new InvitePlan(to, "<sip:warmup@" + carrier.address().uriHost() + ">", "<" + to + ">",
                    List.of(), "udp");
            while (run.placed < calls && System.nanoTime() < deadline
                    && run.slots.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS)) {
                Open call = new Open();
                call.invite = sip.invite(plan, offer, id -> run.open.put(id, call));
                run.placed++;
            }
            // the last dialogs end, or the time is up
            run.slots.tryAcquire(IN_FLIGHT, remaining(deadline), TimeUnit.NANOSECONDS);
        } finally {
            sip.handler(null);
            // out of time: what is still open goes, so that no dialog stays in the stack's tables and no INVITE is
            // sent again to the carrier, which is gone
            run.open.values().forEach(Open::drop);
        }
        return new Outcome(calls, run.placed, run.byCarrier.get(), run.byUs.get(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** A warm-up call not yet ended: its INVITE and, once answered, its dialog. */
    private static final class Open {

        volatile SipEndpoint.Invite invite;
        volatile Dialog dialog;

        void drop() {
            try {
                if (dialog != null) {
                    dialog.delete();
                }
                if (invite != null) {
                    invite.transaction().terminate();
                }
            } catch (Exception e) {
                LOG.debugf("warm-up call left as it was: %s", e.getMessage());
            }
        }
    }

    /**
     * One warm-up: its calls still open, the slots they hold, and how they ended. It is the endpoint's listener while
     * it runs: each call's end frees its slot.
     */
    private final class Run implements SipEventHandler {

        final boolean carrierHangsUp;
        final Semaphore slots = new Semaphore(IN_FLIGHT);
        final Map<String, Open> open = new ConcurrentHashMap<>();
        final AtomicInteger byCarrier = new AtomicInteger();
        final AtomicInteger byUs = new AtomicInteger();
        /** Written by the start-up thread alone. */
        int placed;

        Run(boolean carrierHangsUp) {
            this.carrierHangsUp = carrierHangsUp;
        }

        @Override
        public void onProvisional(String sipCallId, int code, String reason) {
        }

        @Override
        public void onAnswered(String sipCallId, Response response, Dialog dialog) {
            Open call = open.get(sipCallId);
            if (call != null) {
                call.dialog = dialog;
            }
            // read as the engine reads an answer, so that this code is warm too
            Sdp.Answer answer = Sdp.parseAnswer(new String(response.getRawContent(), StandardCharsets.US_ASCII));
            if (answer == null || Sdp.fault(answer) != null) {
                end(sipCallId, null);
            } else if (!carrierHangsUp && dialog != null) {
                try {
                    sip.bye(dialog, 16);
                } catch (Exception e) {
                    end(sipCallId, null);
                }
            }
        }

        @Override
        public void onRejected(String sipCallId, int code, String reason) {
            end(sipCallId, null);
        }

        @Override
        public void onRemoteBye(String sipCallId) {
            end(sipCallId, byCarrier);
        }

        @Override
        public void onByeDone(String sipCallId) {
            end(sipCallId, byUs);
        }

        @Override
        public void onNoResponse(String sipCallId) {
            end(sipCallId, null);
        }

        @Override
        public void onDialogChecked(String sipCallId, int code) {
        }

        /** A call's end, counted where it ended whole (null: it did not). */
        private void end(String sipCallId, AtomicInteger whole) {
            if (open.remove(sipCallId) != null) {
                if (whole != null) {
                    whole.incrementAndGet();
                }
                slots.release();
            }
        }
    }
}
