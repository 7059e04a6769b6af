package io.provtest.common.address;

import io.provtest.common.error.FieldViolation;
import io.provtest.common.error.ServiceException;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the platform will contact on a customer's behalf (sip destinations, agent addresses, play URLs): public
 * addresses, and whatever the operator's allow-list names. Everything else is refused with
 * {@value #NOT_ALLOWED}. Providers' hostnames are set by super-admins and never pass through here.
 */
public final class AddressRules {

    public static final String NOT_ALLOWED = "DESTINATION_NOT_ALLOWED";
    public static final int SIP_DEFAULT_PORT = 5060;

    private AddressRules() {
    }

    /** The verdict on a host: allowed, or the first refused address and its range. */
    public record Verdict(InetAddress refused, AddressRange range) {

        public static final Verdict ALLOWED = new Verdict(null, AddressRange.PUBLIC);

        public boolean allowed() {
            return refused == null;
        }
    }

    /**
     * Judges every address a host resolved to: one refused address refuses the host, since a resolver may hand out
     * any of them. {@code self} names this machine's own addresses, refused like loopback.
     *
     * @param writtenHost the host as written (lower case), for the allow-list's name entries
     */
    public static Verdict decide(String writtenHost, int port, List<InetAddress> addresses, AllowList allowed,
                                 Predicate<InetAddress> self) {
        return judge(addresses, address -> allowed.allows(writtenHost, address, port), self);
    }

    /**
     * The media address (SDP {@code c=}) the far end of a call dialed straight to a customer's sip destination
     * answered with, as written and as resolved: judged like the destination's host, so that a customer's own
     * "carrier" cannot point our RTP at an internal address. An allow-list entry allows the host on every media port
     * (its port is a SIP port).
     */
    public static Verdict media(String writtenHost, List<InetAddress> addresses, AllowList allowed,
                                Predicate<InetAddress> self) {
        return judge(addresses, address -> allowed.allowsHost(writtenHost, address), self);
    }

    private static Verdict judge(List<InetAddress> addresses, Predicate<InetAddress> allowed,
                                 Predicate<InetAddress> self) {
        for (InetAddress address : addresses) {
            if (allowed.test(address)) {
                continue;
            }
            AddressRange range = self.test(address) ? AddressRange.SELF : AddressRanges.classify(address);
            if (range != AddressRange.PUBLIC) {
                return new Verdict(address, range);
            }
        }
        return Verdict.ALLOWED;
    }

    /**
     * The write-time check: a literal host in a refused range is refused; a name is judged later, when it is
     * resolved before anything is contacted.
     */
    public static Verdict literal(HostPort host, int defaultPort, AllowList allowed) {
        if (!host.isLiteral()) {
            return Verdict.ALLOWED;
        }
        return decide(host.host(), host.portOr(defaultPort), List.of(host.literal()), allowed, a -> false);
    }

    /** 400 {@value #NOT_ALLOWED} naming the field. */
    public static ServiceException notAllowed(String field, String message) {
        return ServiceException.invalid(NOT_ALLOWED, field + ": " + message, List.of(new FieldViolation(field, message)));
    }

    /** Why a literal is refused, for the customer who wrote it (the address is theirs, so it may be named). */
    public static String literalMessage(HostPort host, Verdict verdict, String setting) {
        return host.host() + " is " + verdict.range().description() + ": this platform does not contact loopback,"
                + " private, link-local, multicast, unspecified or metadata addresses unless the operator allows them"
                + " (" + setting + ")";
    }
}
