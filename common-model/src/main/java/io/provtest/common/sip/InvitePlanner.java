package io.provtest.common.sip;

import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Address;
import io.provtest.common.model.E164;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides the Request-URI, From, To and extra headers of an INVITE through a provider. Pure: the same inputs give
 * the same plan in the dry-run and on the wire.
 *
 * <ul>
 *   <li>tel destination: {@code sip:<tech_prefix><E.164><tech_postfix>@<hostname>};</li>
 *   <li>sip destination: its user part at the provider's hostname, so a forced call never goes around the provider;</li>
 *   <li>{@code anonymous=yes}: From {@code "Anonymous" <sip:anonymous@anonymous.invalid>}, {@code Privacy: id} and
 *       {@code P-Asserted-Identity: <tel:+E164>} (the source must then be E.164);</li>
 *   <li>{@code no}, {@code auto} and {@code ""}: From is the source as given;</li>
 *   <li>the provider's tech_headers last, in their stored order.</li>
 * </ul>
 */
public final class InvitePlanner {

    public static final String ANONYMOUS_FROM = "\"Anonymous\" <sip:anonymous@anonymous.invalid>";

    private InvitePlanner() {
    }

    public static InvitePlan plan(SipTrunk trunk, Address destination, Address source, String anonymous) {
        String mode = anonymousMode(anonymous);
        SipHost host = trunk.host();
        // a tcp carrier is named so in the Request-URI, which also makes the stack open a TCP connection to it
        String requestUri = SipUserPart.requestUri(trunk.techPrefix(), destinationUser(destination),
                trunk.techPostfix(), host.hostPort()) + (SipTrunk.TCP.equals(trunk.transport()) ? ";transport=tcp" : "");
        List<InvitePlan.SipHeader> headers = new ArrayList<>();
        String from;
        if ("yes".equals(mode)) {
            if (source == null || !"tel".equals(source.type()) || !E164.isValid(source.target())) {
                throw ServiceException.invalid("INVALID_SOURCE",
                        "anonymous=yes needs a tel source in E.164 form for P-Asserted-Identity.");
            }
            from = ANONYMOUS_FROM;
            headers.add(new InvitePlan.SipHeader("Privacy", "id"));
            headers.add(new InvitePlan.SipHeader("P-Asserted-Identity", "<tel:" + source.target() + ">"));
        } else {
            from = sourceHeader(source, host.uriHost());
        }
        for (Map.Entry<String, String> header : trunk.techHeaders().entrySet()) {
            headers.add(new InvitePlan.SipHeader(header.getKey(), header.getValue()));
        }
        return new InvitePlan(requestUri, from, "<" + requestUri + ">", List.copyOf(headers), trunk.transport());
    }

    /** yes, no or auto; "" and null mean auto; anything else is refused. */
    public static String anonymousMode(String anonymous) {
        if (anonymous == null || anonymous.isEmpty()) {
            return "auto";
        }
        if (anonymous.equals("yes") || anonymous.equals("no") || anonymous.equals("auto")) {
            return anonymous;
        }
        throw ServiceException.invalid("INVALID_ANONYMOUS_VALUE", "anonymous must be one of yes, no, auto or \"\".");
    }

    private static String destinationUser(Address destination) {
        if (destination == null || destination.target() == null) {
            throw ServiceException.invalid("INVALID_DESTINATION", "A destination is required.");
        }
        if ("tel".equals(destination.type())) {
            String number = E164.normalise(destination.target());
            if (!E164.isValid(number)) {
                throw ServiceException.invalid("INVALID_DESTINATION", "A tel destination must be E.164 (+ and 7-15 digits).");
            }
            return number;
        }
        if ("sip".equals(destination.type())) {
            int at = destination.target().indexOf('@');
            String user = at < 0 ? destination.target() : destination.target().substring(0, at);
            if (user.startsWith("sip:")) {
                user = user.substring(4);
            }
            if (user.isEmpty()) {
                throw ServiceException.invalid("INVALID_DESTINATION", "A sip destination needs a user part.");
            }
            return user;
        }
        throw ServiceException.invalid("INVALID_DESTINATION", "Only tel and sip destinations can be dialed through a provider.");
    }

    private static String sourceHeader(Address source, String host) {
        if (source == null || source.target() == null || source.target().isEmpty()) {
            return ANONYMOUS_FROM;
        }
        String uri;
        if ("sip".equals(source.type()) && source.target().contains("@")) {
            String target = source.target().startsWith("sip:") ? source.target().substring(4) : source.target();
            int at = target.indexOf('@');
            // the same grammar as a provider's hostname: the host goes verbatim into From
            String hostProblem = SipHost.problem(target.substring(at + 1));
            if (hostProblem != null) {
                throw ServiceException.invalid("INVALID_SOURCE", "The sip source's host " + hostProblem + ".");
            }
            uri = SipUserPart.uri(target.substring(0, at), target.substring(at + 1));
        } else {
            uri = SipUserPart.uri(source.target(), host);
        }
        String display = source.targetName();
        if (display == null || display.isEmpty()) {
            return "<" + uri + ">";
        }
        return "\"" + display.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n]", " ") + "\" <" + uri + ">";
    }
}
