package io.provtest.call.sip;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipListenerExt;
import gov.nist.javax.sip.stack.SIPDialog;
import io.provtest.common.sip.InvitePlan;
import io.provtest.common.sip.SipHost;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.Timeout;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * The SIP user agent: one NIST JAIN-SIP stack listening on UDP and TCP. It builds and sends requests and reports
 * what comes back to the {@link SipEventHandler}; call state lives in the call engine, not here.
 *
 * <p>{@code THREAD_POOL_SIZE=1}: with parallel UDP parsing a 200 can overtake the 180 before it and the 180 is
 * then dropped; one parser keeps arrival order at a measured cost well below the call-rate target.
 */
@Singleton
public class SipEndpoint implements SipListenerExt {

    private static final Logger LOG = Logger.getLogger(SipEndpoint.class);
    static final String TIMER_CLASS = "gov.nist.javax.sip.stack.timers.ScheduledExecutorSipTimer";
    static final int MAX_MESSAGE_BYTES = 16 * 1024;
    static final int UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
    /**
     * Timer ticks (500 ms) after a 2xx by which its ACK must have left, or the stack gives up the dialog: 2 s, above
     * the ACK's worst delay measured (under 1 s; ACKed on the stack's own thread). The task that checks holds the
     * dialog until it runs, so it bounds how soon a short call's messages are garbage (bench/README.md, "Ended calls
     * in the heap").
     */
    static final int ACK_CHECK_TICKS = 4;
    /**
     * Seconds a terminated dialog or transaction stays in the stack's tables (the stack's default is 8). Nothing
     * needs them there: a retransmitted BYE is absorbed by its server transaction (Timer J, 32 s, which keeps only
     * bytes), and a request for a dialog that is gone gets 481 as RFC 3261 says. At 400-450 calls/s the heap after a
     * full collection held at most 89-100 MB with 8 s, 76-82 MB with 2 s (bench/README.md, "A terminated dialog's
     * linger").
     */
    static final int LINGER_SECONDS = 2;

    private final SipConfig config;
    private final java.util.Map<String, java.util.concurrent.CompletableFuture<Integer>> options =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Set on the start-up thread (the warm-up's, then the engine's), read on the stack's: volatile. */
    private volatile SipEventHandler handler;
    private SipStack stack;
    private volatile boolean started;
    private SipProvider provider;
    private AddressFactory addresses;
    private HeaderFactory headers;
    private MessageFactory messages;

    public SipEndpoint(SipConfig config) {
        this.config = config;
    }

    /** Whether the stack listens and can send (readiness). */
    public boolean started() {
        return started;
    }

    public void handler(SipEventHandler handler) {
        this.handler = handler;
    }

    /** Whether a listener is set (the warm-up runs only before the engine takes the endpoint). */
    boolean hasHandler() {
        return handler != null;
    }

    void onStart(@Observes @Priority(40) StartupEvent event) throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        stack = factory.createSipStack(stackProperties("call-manager-" + config.port()));
        addresses = factory.createAddressFactory();
        headers = factory.createHeaderFactory();
        messages = factory.createMessageFactory();
        ListeningPoint udp = stack.createListeningPoint(config.host(), config.port(), ListeningPoint.UDP);
        ListeningPoint tcp = stack.createListeningPoint(config.host(), config.port(), ListeningPoint.TCP);
        provider = stack.createSipProvider(udp);
        provider.addListeningPoint(tcp);
        provider.addSipListener(this);
        stack.start();
        started = true;
        LOG.infof("SIP user agent listening on %s:%d (udp, tcp)", config.host(), config.port());
    }

    /** The stack's settings (a test builds a stack with the same ones). */
    static Properties stackProperties(String name) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", name);
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "1");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", JulStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", SipTraceLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "16");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "true");
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        // The stack's default timer (java.util.Timer) keeps a canceled task queued until it would have fired, with
        // its transaction and messages: at 150 calls/s that held ~70,000 tasks (Timer B/D/F/K run 32 s) and most of
        // the old generation. This one removes a task when it is canceled and clears its references.
        p.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME", TIMER_CLASS);
        // The UDP reader allocates an array of this size for every datagram and keeps it while the datagram waits
        // for the parser: by default 64 KB, 128 MB/s of garbage at 450 calls/s, and a parser behind by a thousand
        // datagrams holds 64 MB; the old generation filled and a 0.5 s full collection followed, after which INVITEs
        // were sent again over answers already waiting in the socket (bench/README.md, "Calls left live").
        // A SIP message over UDP stays far below this; over TCP it bounds a message's body.
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", String.valueOf(MAX_MESSAGE_BYTES));
        // The kernel's queue for the SIP socket: the stack asks 64 KB by default, a few dozen datagrams, which a pause
        // of the reader of some tens of ms at 450 calls/s overruns (a carrier's answers never reached the stack in
        // one benchmark run). The kernel caps it at net.core.rmem_max.
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", String.valueOf(UDP_RECEIVE_BUFFER_BYTES));
        // An ended call's dialog, and through it every message of the call (about 22 KB), stayed in the heap for
        // 32 s: the carrier's BYE transaction holds it through RFC 3261 Timer J, and the stack's check that we ACKed
        // the 2xx (a timer task holding the dialog) runs 64 ticks after the answer. At 450 calls/s that was 160-180
        // MB live of a 256 MB heap and a full collection of 0.3-0.8 s every second or two, long enough for INVITEs to
        // be sent again over answers already waiting (bench/README.md, "Ended calls in the heap"). "Normal" has a
        // completed transaction keep its messages as bytes (what a retransmission needs) and drop the dialog; the
        // ACK check runs after ACK_CHECK_TICKS (we ACK on the stack's thread, within milliseconds), and a
        // terminated dialog or transaction leaves the stack's tables after LINGER_SECONDS instead of 8 s.
        p.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Normal");
        p.setProperty("gov.nist.javax.sip.DIALOG_TIMEOUT_FACTOR", String.valueOf(ACK_CHECK_TICKS));
        p.setProperty("gov.nist.javax.sip.LINGER_TIMER", String.valueOf(LINGER_SECONDS));
        return p;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (stack == null) {
            return;
        }
        stack.stop();
        // The stack leaves its non-daemon event scanner running after stop(); it would keep the JVM alive.
        Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("EventScannerThread"))
                .forEach(Thread::interrupt);
    }

    /**
     * An INVITE in flight: its Call-ID, the transaction that CANCEL needs, and when it went out (to tell whether the
     * stack had to send it again; null where nothing tracks it).
     */
    public record Invite(String sipCallId, ClientTransaction transaction, InviteTiming timing) {

        /**
         * Whether the stack sent this INVITE again (over UDP, RFC 3261 Timer A: no response within 500 ms) before a
         * response came. Such a copy can reach the carrier after it answered; a carrier that takes it for a broken
         * request drops the call without a BYE (the benchmark's SIPp does, bench/README.md). Known once the first
         * response was handed to the call.
         */
        public boolean retransmitted() {
            return timing != null && timing.resent();
        }
    }

    /**
     * Sends an INVITE. {@code beforeSend} learns the Call-ID first, so that the caller can route the answers (and the
     * trace can claim the INVITE itself) before anything is on the wire.
     */
    public Invite invite(InvitePlan plan, String sdp, java.util.function.Consumer<String> beforeSend)
            throws ParseException, SipException, javax.sip.InvalidArgumentException {
        String transport = plan.transport();
        CallIdHeader callId = provider.getNewCallId();
        beforeSend.accept(callId.getCallId());
        Request request = messages.createRequest(addresses.createURI(plan.requestUri()), Request.INVITE, callId,
                headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(addresses.createAddress(plan.from()), UUID.randomUUID().toString().substring(0, 12)),
                headers.createToHeader(addresses.createAddress(plan.to()), null),
                List.of(via(transport)), headers.createMaxForwardsHeader(70));
        request.addHeader(headers.createContactHeader(addresses.createAddress(
                "<sip:call-manager@" + contactHostPort() + ";transport=" + transport + ">")));
        request.addHeader(headers.createHeader("User-Agent", "provtest-call-manager"));
        for (InvitePlan.SipHeader header : plan.headers()) {
            request.addHeader(headers.createHeader(header.name(), header.value()));
        }
        request.setContent(sdp.getBytes(StandardCharsets.US_ASCII), headers.createContentTypeHeader("application", "sdp"));
        ClientTransaction transaction = provider.getNewClientTransaction(request);
        // read back at the first response (processResponse), so that an answer that crossed a copy is checked early
        InviteTiming timing = InviteTiming.sending(transport, System.nanoTime());
        transaction.setApplicationData(timing);
        transaction.sendRequest();
        return new Invite(callId.getCallId(), transaction, timing);
    }

    /**
     * An OPTIONS ping to {@code host[:port]}: completes with the final response code, or null when none came within
     * the timeout.
     */
    public java.util.concurrent.CompletableFuture<Integer> ping(String hostPort, String transport,
                                                               java.time.Duration timeout) {
        java.util.concurrent.CompletableFuture<Integer> reply = new java.util.concurrent.CompletableFuture<>();
        try {
            CallIdHeader callId = provider.getNewCallId();
            javax.sip.address.URI target = addresses.createURI("sip:" + hostPort
                    + ("tcp".equals(transport) ? ";transport=tcp" : ""));
            javax.sip.address.Address self = addresses.createAddress(
                    "<sip:call-manager@" + contactHostPort() + ">");
            Request request = messages.createRequest(target, Request.OPTIONS, callId,
                    headers.createCSeqHeader(1L, Request.OPTIONS),
                    headers.createFromHeader(self, UUID.randomUUID().toString().substring(0, 12)),
                    headers.createToHeader(addresses.createAddress("<sip:" + hostPort + ">"), null),
                    List.of(via("tcp".equals(transport) ? "tcp" : "udp")), headers.createMaxForwardsHeader(70));
            options.put(callId.getCallId(), reply);
            provider.getNewClientTransaction(request).sendRequest();
            return reply.completeOnTimeout(null, timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .whenComplete((code, error) -> options.remove(callId.getCallId()));
        } catch (Exception e) {
            LOG.debugf("OPTIONS to %s not sent: %s", hostPort, e.getMessage());
            reply.complete(null);
            return reply;
        }
    }

    /**
     * ACKs a 2xx. A copy of a 2xx that reaches the stack before our ACK for it has left (the listener's thread was
     * held: a collection pause, a burst) comes to us as an answer of its own; it gets the same ACK again (RFC 3261
     * 13.2.2.4), not a second one with a new branch, which a carrier may take for an unexpected request and drop the
     * call without a BYE (SIPp does: bench/README.md, "The second ACK"). Copies that come after our ACK the stack
     * answers itself, with the same ACK.
     */
    private void ack(String sipCallId, Response response, Dialog dialog) {
        try {
            long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            CSeqHeader acked = dialog instanceof SIPDialog nist ? nist.getLastAckSentCSeq() : null;
            if (acked != null && acked.getSeqNumber() == cseq) {
                ((SIPDialog) dialog).resendAck();
            } else {
                dialog.sendAck(dialog.createAck(cseq));
            }
        } catch (Exception e) {
            LOG.warnf("could not ACK the answer with Call-ID %s: %s", sipCallId, e.getMessage());
        }
    }

    /** An in-dialog OPTIONS: does the far end still have this dialog? The answer goes to {@code onDialogChecked}. */
    public void checkDialog(Dialog dialog) throws SipException {
        Request options = dialog.createRequest(Request.OPTIONS);
        dialog.sendRequest(provider.getNewClientTransaction(options));
    }

    /** CANCEL for an INVITE that has had a provisional response (RFC 3261 9.1). */
    public void cancel(ClientTransaction invite) throws SipException {
        provider.getNewClientTransaction(invite.createCancel()).sendRequest();
    }

    public void bye(Dialog dialog, int q850Cause) throws SipException, ParseException {
        Request bye = dialog.createRequest(Request.BYE);
        bye.addHeader(headers.createHeader("Reason", "Q.850;cause=" + q850Cause));
        ClientTransaction transaction = provider.getNewClientTransaction(bye);
        dialog.sendRequest(transaction);
    }

    private ViaHeader via(String transport) throws ParseException {
        try {
            return headers.createViaHeader(config.contactHost(), config.port(), transport, null);
        } catch (javax.sip.InvalidArgumentException e) {
            throw new ParseException(e.getMessage(), 0);
        }
    }

    /** This agent's contact host and port, an IPv6 contact host in brackets. */
    private String contactHostPort() {
        return new SipHost(config.contactHost(), config.port()).hostPort();
    }

    @Override
    public void processRequest(RequestEvent event) {
        SignallingPriority.raiseCurrentThread();
        SipEventHandler handler = this.handler; // read once: the warm-up hands the listener on while messages arrive
        if (handler == null) {
            return; // not serving yet
        }
        Request request = event.getRequest();
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            return; // ACKs to our 2xx answers need no reply
        }
        try {
            ServerTransaction transaction = event.getServerTransaction() != null ? event.getServerTransaction()
                    : provider.getNewServerTransaction(request);
            switch (method) {
                case Request.BYE -> {
                    transaction.sendResponse(messages.createResponse(Response.OK, request));
                    handler.onRemoteBye(callId(request));
                }
                case Request.OPTIONS -> transaction.sendResponse(messages.createResponse(Response.OK, request));
                default -> transaction.sendResponse(messages.createResponse(Response.NOT_IMPLEMENTED, request));
            }
        } catch (Exception e) {
            LOG.debugf("could not answer an incoming %s: %s", method, e.getMessage());
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        SignallingPriority.raiseCurrentThread();
        SipEventHandler handler = this.handler;
        if (handler == null) {
            return;
        }
        Response response = event.getResponse();
        String method = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod();
        String sipCallId = callId(response);
        int code = response.getStatusCode();
        if (Request.INVITE.equals(method)) {
            // before the call hears of it: whether a copy of the INVITE went out is then settled
            if (event.getClientTransaction() != null
                    && event.getClientTransaction().getApplicationData() instanceof InviteTiming timing) {
                timing.responded(System.nanoTime());
            }
            if (code < 200) {
                handler.onProvisional(sipCallId, code, response.getReasonPhrase());
                byte[] sdp = code > 100 ? response.getRawContent() : null;
                if (sdp != null && sdp.length > 0) {
                    handler.onEarlyMedia(sipCallId, new String(sdp, StandardCharsets.US_ASCII));
                }
            } else if (code < 300) {
                // Every 2xx is ACKed here, on the stack's thread, before anything else: the carrier retransmits its
                // 200 until the ACK arrives and gives up on the call after 32 s, so the ACK must never wait for the
                // engine (its lanes, the database, RPC). Whether the call still wants the answer is decided after.
                ack(sipCallId, response, event.getDialog());
                handler.onAnswered(sipCallId, response, event.getDialog());
            } else {
                handler.onRejected(sipCallId, code, response.getReasonPhrase());
            }
        } else if (Request.BYE.equals(method) && code >= 200) {
            handler.onByeDone(sipCallId);
        } else if (Request.OPTIONS.equals(method) && code >= 200) {
            java.util.concurrent.CompletableFuture<Integer> reply = options.get(sipCallId);
            if (reply != null) {
                reply.complete(code);
            } else {
                handler.onDialogChecked(sipCallId, code);
            }
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        SipEventHandler handler = this.handler;
        // only a transaction's end counts (the stack tells of retransmissions only when asked, and we do not ask)
        if (handler == null || event.isServerTransaction() || event.getTimeout() != Timeout.TRANSACTION) {
            return;
        }
        Request request = event.getClientTransaction().getRequest();
        String sipCallId = callId(request);
        switch (request.getMethod()) {
            case Request.INVITE -> handler.onNoResponse(sipCallId);
            case Request.BYE -> handler.onByeDone(sipCallId);
            case Request.OPTIONS -> {
                if (!options.containsKey(sipCallId)) {
                    handler.onDialogChecked(sipCallId, 0);
                }
            }
            default -> { }
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debugf("SIP transport error towards %s:%d", event.getHost(), event.getPort());
    }

    /**
     * The stack gave up a dialog (our ACK did not leave within {@link #ACK_CHECK_TICKS} ticks of a 2xx, or a dialog
     * stayed early too long). With a {@link SipListenerExt} the stack leaves the dialog to us: it is deleted, as the
     * stack does by itself for a plain listener. The call notices through its own timers and dialog check.
     */
    @Override
    public void processDialogTimeout(DialogTimeoutEvent event) {
        Dialog dialog = event.getDialog();
        LOG.warnf("SIP dialog %s given up by the stack: %s", dialog == null ? "?" : dialog.getCallId().getCallId(),
                event.getReason());
        if (dialog != null) {
            dialog.delete();
        }
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }

    private static String callId(javax.sip.message.Message message) {
        return ((CallIdHeader) message.getHeader(CallIdHeader.NAME)).getCallId();
    }
}
