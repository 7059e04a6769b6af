package io.provtest.call.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/** The SIP settings of a test's own user agent: loopback, the given port, nothing advertised. */
public record TestSipConfig(int port) implements SipConfig {

    /** On a UDP port that was free a moment ago (the kernel's choice). */
    public static TestSipConfig onFreePort() {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return new TestSipConfig(probe.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
