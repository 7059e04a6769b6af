package io.provtest.call.address;

import io.provtest.call.sip.SipConfig;
import io.provtest.common.address.AddressRules;
import io.provtest.common.address.AllowList;
import io.provtest.common.address.HostPort;
import io.provtest.common.address.PlayAllowedHosts;
import io.provtest.common.address.PlayUrl;
import io.provtest.common.address.SipAllowedHosts;
import io.provtest.common.address.SipUri;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.Validation;
import io.provtest.common.model.Address;
import io.provtest.common.sip.SipHost;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Applies the address rules (common-model {@link AddressRules}) where call-manager contacts what a customer named:
 * a sip destination dialed straight to its host, and a play URL. A name is resolved here, every address it resolves
 * to is judged, and the caller is handed the address that was judged, so that a second DNS answer (rebinding) can
 * never choose where the INVITE or the HTTP request goes. Provider hostnames never come here.
 */
@Singleton
public class DestinationGuard {

    private static final Logger LOG = Logger.getLogger(DestinationGuard.class);
    /** Said of a refused or unresolvable name alike, so the answer is no oracle for the internal DNS. */
    static final String SIP_NAME_REFUSED = "The sip destination's host does not resolve to an address this platform"
            + " may call (" + AddressRules.NOT_ALLOWED + ").";

    private final AllowList sipHosts;
    private final AllowList playHosts;
    private final Resolver resolver;
    private final Predicate<InetAddress> self;
    private final Duration sipResolveTimeout;

    @Inject
    public DestinationGuard(SipAllowedHosts sipAllowedHosts, PlayAllowedHosts playAllowedHosts, SipConfig sip) {
        this(sipAllowedHosts.allowList(), playAllowedHosts.allowList(), Resolver.system(), new LocalAddresses(),
                sip.resolveTimeout());
    }

    /** With explicit parts: tests give a resolver that names hosts on 127.0.0.0/8 (the only range they may reach). */
    public DestinationGuard(AllowList sipHosts, AllowList playHosts, Resolver resolver, Predicate<InetAddress> self,
                            Duration sipResolveTimeout) {
        this.sipHosts = sipHosts;
        this.playHosts = playHosts;
        this.resolver = resolver;
        this.self = self;
        this.sipResolveTimeout = sipResolveTimeout;
    }

    @PreDestroy
    void close() {
        if (resolver instanceof SystemResolver system) {
            system.close();
        }
    }

    /**
     * Write time: a sip destination whose host is an address literal in a refused range is 400
     * {@value AddressRules#NOT_ALLOWED} naming {@code destinations[i].target}. Names wait for {@link #sipHop}.
     */
    public void refuseLiterals(List<Address> destinations) {
        Validation refused = new Validation();
        for (int i = 0; i < destinations.size(); i++) {
            Address destination = destinations.get(i);
            if (destination == null || !"sip".equals(destination.type())) {
                continue;
            }
            HostPort host = SipUri.parse(destination.target()).host();
            AddressRules.Verdict verdict = AddressRules.literal(host, AddressRules.SIP_DEFAULT_PORT, sipHosts);
            if (!verdict.allowed()) {
                refused.reject("destinations[" + i + "].target",
                        AddressRules.literalMessage(host, verdict, "SIP_ALLOWED_HOSTS"));
            }
        }
        refused.throwIfInvalid(AddressRules.NOT_ALLOWED);
    }

    /**
     * Before a sip destination is dialed straight to its host: the {@code host[:port]} to put in the Request-URI. A
     * literal is judged as written; a name is resolved and every address judged, and the first address is returned
     * in its place, so the stack dials exactly what was checked. 400 {@value AddressRules#NOT_ALLOWED} otherwise.
     */
    public String sipHop(Address destination) {
        SipUri uri;
        try {
            uri = SipUri.parse(destination.target());
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("INVALID_DESTINATION", e.getMessage());
        }
        HostPort host = uri.host();
        if (host.isLiteral()) {
            AddressRules.Verdict verdict = AddressRules.decide(host.host(), uri.port(), List.of(host.literal()),
                    sipHosts, self);
            if (!verdict.allowed()) {
                throw ServiceException.invalid(AddressRules.NOT_ALLOWED,
                        AddressRules.literalMessage(host, verdict, "SIP_ALLOWED_HOSTS") + ".");
            }
            return host.toString();
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host.host(), sipResolveTimeout);
        } catch (UnknownHostException e) {
            LOG.infof("sip destination host %s not dialed: it does not resolve (%s)", host.host(), e.getMessage());
            throw ServiceException.invalid(AddressRules.NOT_ALLOWED, SIP_NAME_REFUSED);
        }
        AddressRules.Verdict verdict = AddressRules.decide(host.host(), uri.port(), addresses, sipHosts, self);
        if (!verdict.allowed()) {
            LOG.infof("sip destination host %s not dialed: it resolves to %s, %s", host.host(),
                    verdict.refused().getHostAddress(), verdict.range().description());
            throw ServiceException.invalid(AddressRules.NOT_ALLOWED, SIP_NAME_REFUSED);
        }
        return new SipHost(addresses.get(0).getHostAddress(), host.port()).hostPort();
    }

    /** A play URL's host is not to be contacted; the message is for operators' logs only. */
    public static final class NotAllowed extends Exception {
        NotAllowed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The address a play URL's request must connect to (the judged one), for the first URL and after every redirect.
     *
     * @throws NotAllowed          when the host is, or resolves to, a refused address
     * @throws UnknownHostException when the name does not resolve within {@code timeout}
     */
    public InetAddress playAddress(PlayUrl url, Duration timeout) throws NotAllowed, UnknownHostException {
        HostPort host = url.host();
        List<InetAddress> addresses = host.isLiteral() ? List.of(host.literal()) : resolver.resolve(host.host(), timeout);
        AddressRules.Verdict verdict = AddressRules.decide(host.host(), url.port(), addresses, playHosts, self);
        if (!verdict.allowed()) {
            throw new NotAllowed(host.host() + " is or resolves to " + verdict.refused().getHostAddress() + ", "
                    + verdict.range().description());
        }
        return addresses.get(0);
    }

    /**
     * Where a carrier's SDP answer asks for media ({@link io.provtest.call.sip.Sdp#fault} has judged the text): a
     * literal without a lookup, a name through the resolver within the sip destination's lookup bound, so that a slow
     * DNS cannot hold the call's lane. A call dialed straight to a customer's sip destination ({@code
     * customerDestination}) has its media address judged by the sip rules too ({@link AddressRules#media}): the far
     * end is whatever the customer named, and its answer could otherwise aim our RTP at an internal address. A call
     * through a provider is not judged: providers are set by super-admins.
     *
     * @throws UnknownHostException when the name does not resolve in time
     * @throws NotAllowed           when the address, or one the name resolves to, is refused (the message names it,
     *                              for the operator's hangup cause)
     */
    public InetAddress mediaAddress(String address, boolean customerDestination)
            throws UnknownHostException, NotAllowed {
        HostPort host = HostPort.parse(address.contains(":") ? "[" + address + "]" : address);
        List<InetAddress> addresses = host.isLiteral() ? List.of(host.literal())
                : resolver.resolve(host.host(), sipResolveTimeout);
        if (customerDestination) {
            AddressRules.Verdict verdict = AddressRules.media(host.host(), addresses, sipHosts, self);
            if (!verdict.allowed()) {
                throw new NotAllowed(mediaRefused(host.host(), verdict));
            }
        }
        return addresses.get(0);
    }

    /** The hangup cause of a call whose answer asked for media at a refused address. */
    static String mediaRefused(String host, AddressRules.Verdict verdict) {
        String address = verdict.refused().getHostAddress();
        return "The far end's answer asked for media at " + host + (host.equals(address) ? "" : " (" + address + ")")
                + ", " + verdict.range().description() + ": this platform does not send RTP there for a sip"
                + " destination unless the operator allows the host (SIP_ALLOWED_HOSTS); the call was ended before"
                + " any media was sent (" + AddressRules.NOT_ALLOWED + ").";
    }
}
