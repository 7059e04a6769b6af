package io.provtest.call.sip;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The SIP user agent's listening address. */
@ConfigMapping(prefix = "sip")
public interface SipConfig {

    /** Address the UDP and TCP listening points bind to. */
    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("5080")
    int port();

    /** Address put in Via, Contact and SDP when the bind address is not what carriers should reach. */
    Optional<String> advertisedHost();

    /**
     * How long a sip destination's host name may take to resolve before it is refused (it is resolved before the
     * call is created and again before the INVITE, see DestinationGuard).
     */
    @WithDefault("3s")
    java.time.Duration resolveTimeout();

    default String contactHost() {
        return advertisedHost().orElse(host());
    }
}
