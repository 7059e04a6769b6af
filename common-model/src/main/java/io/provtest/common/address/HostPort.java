package io.provtest.common.address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host as written, with its port if one was given: a DNS name, a dotted-quad IPv4 address or a bracketed IPv6
 * address. Parsing never touches the network, and anything a resolver could read as an address in another way is
 * refused rather than guessed at: {@code 127.1}, {@code 2130706433}, {@code 0x7f000001}, {@code 010.0.0.1} (octal to
 * some resolvers), zone ids. Nothing may follow the port, so no URI parameter or header can ride along.
 *
 * @param host    the host in lower case; an IPv6 address without its brackets
 * @param port    the port, or null when none was written
 * @param literal the address when the host is an IP literal, null for a name
 */
public record HostPort(String host, Integer port, InetAddress literal) {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-f:.]{2,45}");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /** Parses {@code host} or {@code host:port}; the message of the exception says what is wrong. */
    public static HostPort parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the host is missing");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        String host;
        String port = null;
        if (lower.startsWith("[")) {
            int close = lower.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("an IPv6 address needs its closing ]");
            }
            host = lower.substring(1, close);
            String rest = lower.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("only :port may follow the host");
                }
                port = rest.substring(1);
            }
            return new HostPort(host, port(port), ipv6(host));
        }
        int colon = lower.indexOf(':');
        if (colon >= 0) {
            if (lower.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("an IPv6 address must be written in [ ]");
            }
            host = lower.substring(0, colon);
            port = lower.substring(colon + 1);
        } else {
            host = lower;
        }
        Integer number = port(port);
        if (DIGITS_AND_DOTS.matcher(host).matches()) {
            if (!IPV4.matcher(host).matches()) {
                throw new IllegalArgumentException("'" + host + "' is not a dotted-quad IPv4 address");
            }
            String[] parts = host.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return new HostPort(host, number, address(bytes));
        }
        if (!isDnsName(host)) {
            throw new IllegalArgumentException("'" + host + "' is not a valid host name");
        }
        return new HostPort(host, number, null);
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
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** {@code host[:port]} as it goes into a URI. */
    @Override
    public String toString() {
        return uriHost() + (port == null ? "" : ":" + port);
    }

    /**
     * Letters, digits and inner hyphens, labels of 1 to 63, at most 253 in all; the last label starts with a letter
     * (no top-level domain starts with a digit), so a name can never be read as a numeric address by a resolver.
     */
    static boolean isDnsName(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return Character.isLetter(labels[labels.length - 1].charAt(0));
    }

    private static Integer port(String port) {
        if (port == null) {
            return null;
        }
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("the port must be a number from 1 to 65535");
        }
        return Integer.parseInt(port);
    }

    private static InetAddress ipv6(String host) {
        if (!IPV6_CHARS.matcher(host).matches() || host.indexOf(':') < 0) {
            throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
        }
        try {
            // only hex digits, colons and dots: the JDK parses this as a literal and never asks a resolver
            InetAddress parsed = InetAddress.getByName("[" + host + "]");
            return parsed;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
        }
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always a valid address
        }
    }
}
