package io.provtest.common.address;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator's exceptions to the address rules ({@code SIP_ALLOWED_HOSTS}, {@code PLAY_ALLOWED_HOSTS}): a comma
 * list of {@code host} or {@code host:port}. An IP entry allows exactly that address (after resolution, so a name
 * that resolves to it is allowed too) and nothing next to it: {@code 127.0.0.1} does not allow {@code 127.0.0.2}.
 * A name entry allows destinations written with that name, whatever it resolves to: the operator vouches for the
 * name. Without a port an entry allows every port of the host.
 */
public final class AllowList {

    public static final AllowList NONE = new AllowList(List.of());

    private record Entry(HostPort host) {

        boolean allows(String writtenHost, InetAddress address, int port) {
            if (host.port() != null && host.port() != port) {
                return false;
            }
            return host.isLiteral() ? AddressRanges.canonical(host.literal()).equals(AddressRanges.canonical(address))
                    : host.host().equals(writtenHost);
        }
    }

    private final List<Entry> entries;

    private AllowList(List<Entry> entries) {
        this.entries = entries;
    }

    /** Empty or blank text is the empty list; a malformed entry is refused by name (a start-up error). */
    public static AllowList parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<Entry> entries = new ArrayList<>();
        for (String item : text.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) {
                continue;
            }
            try {
                // a bare IPv6 address has colons but no port: read it as if it were bracketed
                boolean bareIpv6 = !entry.startsWith("[") && entry.indexOf(':') != entry.lastIndexOf(':');
                entries.add(new Entry(HostPort.parse(bareIpv6 ? "[" + entry + "]" : entry)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("allowed hosts: '" + entry + "' is not host or host:port: "
                        + e.getMessage(), e);
            }
        }
        return new AllowList(List.copyOf(entries));
    }

    /**
     * Whether the operator allows contacting {@code address} on {@code port} for a destination whose host was
     * written as {@code writtenHost} (lower case, as {@link HostPort#host()}).
     */
    public boolean allows(String writtenHost, InetAddress address, int port) {
        return entries.stream().anyMatch(e -> e.allows(writtenHost, address, port));
    }

    /**
     * Whether an entry names this host or address, whatever port it gives: for a media address a customer's
     * destination answered with, where an entry's port (the SIP port) says nothing about the RTP port.
     */
    public boolean allowsHost(String writtenHost, InetAddress address) {
        return entries.stream().anyMatch(e -> e.allows(writtenHost, address, e.host().port() == null ? 0
                : e.host().port()));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(",", entries.stream().map(e -> e.host().toString()).toList());
    }
}
