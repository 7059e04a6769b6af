package io.provtest.common.address;

import java.util.regex.Pattern;

/**
 * A customer's SIP address ({@code sip} destinations, agent addresses): {@code [sip:]user@host[:port]} and nothing
 * else. The user part is letters, digits and RFC 3261's unreserved marks (plus {@code & = + $ , #}); no
 * {@code ; ? /} that would start parameters or headers, no {@code :} (a password), no {@code %} escapes. The host is a
 * {@link HostPort}, so {@code ;maddr=}, {@code ;transport=}, {@code ?Route=} or a second {@code @} cannot be smuggled
 * in to steer where the INVITE goes.
 */
public record SipUri(String user, HostPort host) {

    public static final int MAX_USER_LENGTH = 64;
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9\\-_.!~*'()&=+$,#]{1," + MAX_USER_LENGTH + "}");

    /** Parses a target; the exception's message is the reason for the client. */
    public static SipUri parse(String target) {
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("a sip address must be user@host");
        }
        String rest = target.regionMatches(true, 0, "sip:", 0, 4) ? target.substring(4) : target;
        int at = rest.indexOf('@');
        if (at < 0 || rest.indexOf('@', at + 1) >= 0) {
            throw new IllegalArgumentException("a sip address must be user@host with a single @");
        }
        String user = rest.substring(0, at);
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException("the user part must be 1 to " + MAX_USER_LENGTH
                    + " of letters, digits and - _ . ! ~ * ' ( ) & = + $ , # (no parameters, headers or escapes)");
        }
        try {
            return new SipUri(user, HostPort.parse(rest.substring(at + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the host must be a name, an IPv4 address or an [IPv6] address with an"
                    + " optional :port and nothing after it: " + e.getMessage(), e);
        }
    }

    /** The port a call goes to: the one written, or SIP's 5060. */
    public int port() {
        return host.portOr(AddressRules.SIP_DEFAULT_PORT);
    }
}
