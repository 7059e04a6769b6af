package io.provtest.call.address;

import io.provtest.common.address.AddressRanges;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * This machine's own addresses: a customer dialing or fetching from one of them would reach the platform's own
 * ports (SIP, RTP, the services' HTTP) from inside. Read again at most once a minute, as interfaces come and go.
 */
final class LocalAddresses implements Predicate<InetAddress> {

    private static final Logger LOG = Logger.getLogger(LocalAddresses.class);
    private static final long REFRESH_NANOS = 60_000_000_000L;

    private volatile Set<InetAddress> addresses = Set.of();
    private volatile long readAt;

    @Override
    public boolean test(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return true;
        }
        long now = System.nanoTime();
        if (readAt == 0 || now - readAt > REFRESH_NANOS) {
            addresses = read();
            readAt = now;
        }
        return addresses.contains(AddressRanges.canonical(address));
    }

    private static Set<InetAddress> read() {
        Set<InetAddress> own = new HashSet<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                    own.add(AddressRanges.canonical(address));
                }
            }
        } catch (SocketException e) {
            LOG.warnf("could not list this machine's addresses: %s", e.getMessage());
        }
        return Set.copyOf(own);
    }
}
