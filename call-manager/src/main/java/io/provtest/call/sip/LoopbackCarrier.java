package io.provtest.call.sip;

import io.provtest.common.sip.SipHost;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.jboss.logging.Logger;

/**
 * A carrier inside this process, for the warm-up only: a second JAIN-SIP stack on a free UDP port of the SIP
 * endpoint's own address (loopback when the endpoint binds every address) that answers every INVITE with 180 and 200
 * (an SDP answer), and, when {@code hangsUp}, ends the dialog with a BYE once our ACK came, as the benchmark's carrier
 * does. It answers a BYE with 200.
 */
final class LoopbackCarrier implements SipListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LoopbackCarrier.class);

    private final SipHost address;
    private final boolean hangsUp;
    private final SipStack stack;
    private final SipProvider provider;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;

    private LoopbackCarrier(String sipHost, boolean hangsUp) throws Exception {
        // a packet cannot be sent to a wildcard address
        String host = InetAddress.getByName(sipHost).isAnyLocalAddress() ? "127.0.0.1" : sipHost;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName(host))) {
            this.address = new SipHost(host, probe.getLocalPort());
        }
        this.hangsUp = hangsUp;
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        stack = factory.createSipStack(SipEndpoint.stackProperties("call-manager-warmup-" + UUID.randomUUID()));
        try {
            addresses = factory.createAddressFactory();
            headers = factory.createHeaderFactory();
            messages = factory.createMessageFactory();
            // the port was free a moment ago; another process may have taken it since (then the warm-up is skipped)
            provider = stack.createSipProvider(stack.createListeningPoint(host, address.port(), ListeningPoint.UDP));
            provider.addSipListener(this);
            stack.start();
        } catch (Exception e) {
            stack.stop();
            throw e;
        }
    }

    /**
     * A carrier on a free port of the SIP endpoint's address {@code sipHost}; with {@code hangsUp} it sends the BYE
     * after our ACK.
     */
    static LoopbackCarrier start(String sipHost, boolean hangsUp) throws Exception {
        return new LoopbackCarrier(sipHost, hangsUp);
    }

    /** Where it listens, which is also an address of the endpoint's own host. */
    SipHost address() {
        return address;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        try {
            switch (request.getMethod()) {
                case Request.INVITE -> answer(event, request);
                case Request.ACK -> {
                    if (hangsUp && event.getDialog() != null) {
                        event.getDialog().sendRequest(provider.getNewClientTransaction(
                                event.getDialog().createRequest(Request.BYE)));
                    }
                }
                case Request.BYE -> transaction(event, request).sendResponse(
                        messages.createResponse(Response.OK, request));
                default -> transaction(event, request).sendResponse(
                        messages.createResponse(Response.NOT_IMPLEMENTED, request));
            }
        } catch (Exception e) {
            LOG.debugf("warm-up carrier could not handle a %s: %s", request.getMethod(), e.getMessage());
        }
    }

    private void answer(RequestEvent event, Request invite) throws Exception {
        ServerTransaction transaction = transaction(event, invite);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        transaction.sendResponse(inDialog(Response.RINGING, invite, tag));
        Response ok = inDialog(Response.OK, invite, tag);
        ok.setContent(Sdp.offer(address.host(), 9, List.of("PCMU"), 1).getBytes(StandardCharsets.US_ASCII),
                headers.createContentTypeHeader("application", "sdp"));
        transaction.sendResponse(ok);
    }

    /** A response to the INVITE in the dialog the carrier's {@code tag} names, with the carrier's Contact. */
    private Response inDialog(int code, Request invite, String tag) throws ParseException {
        Response response = messages.createResponse(code, invite);
        ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(tag);
        response.addHeader(contact());
        return response;
    }

    private ServerTransaction transaction(RequestEvent event, Request request) throws Exception {
        return event.getServerTransaction() != null ? event.getServerTransaction()
                : provider.getNewServerTransaction(request);
    }

    private ContactHeader contact() throws ParseException {
        return headers.createContactHeader(addresses.createAddress("<sip:carrier@" + address.hostPort() + ">"));
    }

    @Override
    public void processResponse(ResponseEvent event) {
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }

    /**
     * Stops the stack. Its event scanner thread stays parked until the process stops (the stack does not end it), when
     * SipEndpoint.onStop interrupts it with the endpoint's own: one idle thread, and no warning logged at every start.
     */
    @Override
    public void close() {
        stack.stop();
    }
}
