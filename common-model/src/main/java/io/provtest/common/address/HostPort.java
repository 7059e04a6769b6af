package io.provtest.common.address;

import io.provtest.common.sip.SipHost;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A customer-given host as the address rules judge it: {@link SipHost}'s grammar (a DNS name, a dotted-quad IPv4
 * address or a bracketed IPv6 address, an optional port, nothing after it, so no URI parameter or header can ride
 * along), in lower case, plus one rule of its own: a name's last label starts with a letter, so that nothing a
 * resolver could read as an address in another way gets through ({@code 0x7f000001}, {@code 1.2.3.4e}). SipHost
 * already refuses {@code 127.1}, {@code 2130706433}, {@code 010.0.0.1} and zone ids. Parsing never touches the
 * network.
 *
 * @param host    the host in lower case; an IPv6 address without its brackets
 * @param port    the port, or null when none was written
 * @param literal the address when the host is an IP literal, null for a name
 */
public record HostPort(String host, Integer port, InetAddress literal) {

    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    /** Parses {@code host} or {@code host:port}; the message of the exception says what is wrong. */
    public static HostPort parse(String text) {
        SipHost parsed;
        try {
            parsed = SipHost.parse(text);
        } catch (IllegalArgumentException e) {
            // SipHost's reasons complete a sentence whose subject is the field ("port must be ...", "is not ...")
            String reason = e.getMessage();
            throw new IllegalArgumentException((reason.startsWith("port") ? "the " : "the host ") + reason, e);
        }
        String host = parsed.host().toLowerCase(Locale.ROOT);
        if (host.indexOf(':') >= 0 || DIGITS_AND_DOTS.matcher(host).matches()) {
            return new HostPort(host, parsed.port(), literal(host));
        }
        if (!Character.isLetter(host.charAt(host.lastIndexOf('.') + 1))) {
            throw new IllegalArgumentException("'" + host + "' is not a valid host name: its last label must start"
                    + " with a letter");
        }
        return new HostPort(host, parsed.port(), null);
    }

    public boolean isLiteral() {
        return literal != null;
    }

    /** The port, or the scheme's default when none was written. */
    public int portOr(int defaultPort) {
        return port == null ? defaultPort : port;
    }

    /** The host as it goes into a URI: an IPv6 address in brackets. */
    public String uriHost() {
        return new SipHost(host, port).uriHost();
    }

    /** {@code host[:port]} as it goes into a URI. */
    @Override
    public String toString() {
        return new SipHost(host, port).hostPort();
    }

    /** A literal SipHost accepted: the JDK reads it as an address and never asks a resolver. */
    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IP address", e);
        }
    }
}
