package io.provtest.common.sip;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A SIP host as a provider's {@code hostname} names it: a DNS name, a dotted-quad IPv4 address or a bracketed IPv6
 * address, with an optional {@code :port}. The one parser behind the provider validator (route-manager), the INVITE
 * planner (the provider's host, a sip source's host) and call-manager's SIP endpoint, so that what is accepted is
 * exactly what is dialed. Parsing never touches the network and keeps the text's case: the host goes verbatim into
 * the Request-URI, hence no whitespace and no trimming. (A customer-given host is judged by
 * {@code address.HostPort}: this grammar plus the address rules' own.)
 *
 * @param host the host; an IPv6 address without its brackets
 * @param port the port, or null when none was written
 */
public record SipHost(String host, Integer port) {

    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile("(?:" + OCTET + "\\.){3}" + OCTET);
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    /** A scheme, unless what follows "sip:" is a port: a host may well be called "sip". */
    private static final Pattern SCHEME = Pattern.compile("(?i)(?:sips?|tel):(?![0-9]*$).*|.*://.*");

    /** Also takes a bracketed IPv6 host (as a setting may write it) and keeps it without its brackets. */
    public SipHost {
        Objects.requireNonNull(host, "host");
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
    }

    /**
     * Parses {@code host[:port]}.
     *
     * @throws IllegalArgumentException whose message is {@link #problem}'s reason
     */
    public static SipHost parse(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        int portColon = portColon(text);
        return portColon < 0 ? new SipHost(text, null)
                : new SipHost(text.substring(0, portColon), Integer.parseInt(text.substring(portColon + 1)));
    }

    /**
     * Why {@code text} is not {@code host[:port]}, or {@code null}. The reason completes a sentence whose subject is
     * the field ("must not be empty"); the provider API returns it as the {@code hostname} violation.
     */
    public static String problem(String text) {
        if (text == null || text.isEmpty()) {
            return "must not be empty";
        }
        if (text.chars().anyMatch(c -> c <= ' ' || c == 0x7F)) {
            return "must not contain whitespace or control characters";
        }
        if (SCHEME.matcher(text).matches()) {
            return "must not include a scheme such as sip:";
        }
        if (text.indexOf('@') >= 0) {
            return "must not include a user part (user@)";
        }
        if (text.indexOf('/') >= 0) {
            return "must not include a path";
        }
        int portColon = portColon(text);
        String hostProblem = hostProblem(portColon < 0 ? text : text.substring(0, portColon));
        if (hostProblem != null) {
            return hostProblem;
        }
        if (portColon >= 0 && !isPort(text.substring(portColon + 1))) {
            return "port must be a number from 1 to 65535";
        }
        return null;
    }

    /** The host as it goes into a URI: an IPv6 address in brackets. */
    public String uriHost() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** {@code host[:port]} as it goes on the wire (Request-URI, To, Contact). */
    public String hostPort() {
        return uriHost() + (port == null ? "" : ":" + port);
    }

    @Override
    public String toString() {
        return hostPort();
    }

    /** Index of the colon that starts the port, or -1; an unbracketed IPv6 address has no port colon. */
    private static int portColon(String text) {
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            return close > 0 && text.startsWith(":", close + 1) ? close + 1 : -1;
        }
        int colon = text.indexOf(':');
        return colon >= 0 && text.indexOf(':', colon + 1) < 0 ? colon : -1;
    }

    private static String hostProblem(String host) {
        if (host.startsWith("[")) {
            return host.endsWith("]") && isIpv6(host.substring(1, host.length() - 1)) ? null
                    : "is not a valid bracketed IPv6 address";
        }
        if (host.indexOf(':') >= 0) {
            return "an IPv6 address must be enclosed in [ ]";
        }
        if (DIGITS_AND_DOTS.matcher(host).matches()) {
            return IPV4.matcher(host).matches() ? null : "is not a valid IPv4 address";
        }
        return isDnsName(host) ? null : "is not a valid DNS name";
    }

    /** Letters, digits and inner hyphens, labels of 1 to 63; a trailing dot is refused as it is an empty label. */
    private static boolean isDnsName(String host) {
        if (host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!DNS_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4291 text form without a zone id: eight groups, or fewer around a single "::", maybe ending in IPv4. */
    private static boolean isIpv6(String address) {
        int gap = address.indexOf("::");
        if (gap < 0) {
            return groupCount(address, true) == 8;
        }
        if (address.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        int head = groupCount(address.substring(0, gap), false);
        int tail = groupCount(address.substring(gap + 2), true);
        return head >= 0 && tail >= 0 && head + tail <= 7;
    }

    /** How many 16-bit groups a colon-separated run holds (an IPv4 tail counts two), or -1 if it is malformed. */
    private static int groupCount(String run, boolean mayEndInIpv4) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] groups = run.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            if (HEX_GROUP.matcher(groups[i]).matches()) {
                count += 1;
            } else if (mayEndInIpv4 && i == groups.length - 1 && IPV4.matcher(groups[i]).matches()) {
                count += 2;
            } else {
                return -1;
            }
        }
        return count;
    }

    private static boolean isPort(String port) {
        if (!PORT.matcher(port).matches()) {
            return false;
        }
        int value = Integer.parseInt(port);
        return value >= 1 && value <= 65535;
    }
}
