package io.provtest.call.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;

/** The SIP settings of a test's own user agent: loopback, the given port, nothing advertised. */
public record TestSipConfig(int port) implements SipConfig {

    /**
     * On a port that was free a moment ago for both UDP and TCP, since the endpoint listens on both. The kernel
     * picks a UDP port from the ephemeral range, which outgoing TCP connections (this JVM's to PostgreSQL and
     * RabbitMQ, and every other process's) draw from too: a UDP-only probe once handed out a port a TCP connection
     * held, and the endpoint's TCP listener failed with "Address already in use".
     */
    public static TestSipConfig onFreePort() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(0, loopback);
                 ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, loopback)) {
                return new TestSipConfig(tcp.getLocalPort());
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("no port free for both UDP and TCP in 50 tries", last);
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public Optional<String> advertisedHost() {
        return Optional.empty();
    }

    @Override
    public Duration resolveTimeout() {
        return Duration.ofSeconds(1);
    }
}
