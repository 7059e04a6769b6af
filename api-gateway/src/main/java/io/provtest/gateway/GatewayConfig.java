package io.provtest.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Jwt jwt();

    Bootstrap bootstrap();

    /** Where the run state lives; the generated bootstrap password is written here. */
    String stateDir();

    /** How long the gateway waits for a backend: longer than any backend waits for its own inner calls. */
    @WithDefault("15s")
    Duration rpcTimeout();

    interface Jwt {
        /** HS256 key, at least 32 bytes. */
        String secret();

        @WithDefault("1h")
        Duration lifetime();

        /** {@code iss} of the tokens issued, and required of the tokens presented. */
        @WithDefault("provtest-api-gateway")
        String issuer();

        /** {@code aud} of the tokens issued, and required of the tokens presented. */
        @WithDefault("provtest-api")
        String audience();
    }

    interface Bootstrap {
        @WithDefault("admin")
        String username();

        /** Empty: a random password is generated and written under the state folder (never into a log). */
        Optional<String> password();
    }
}
