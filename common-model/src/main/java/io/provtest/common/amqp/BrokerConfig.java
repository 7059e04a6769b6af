package io.provtest.common.amqp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where the RabbitMQ broker is. Defaults match the project's local servers script (private port 5673). */
@ConfigMapping(prefix = "broker")
public interface BrokerConfig {

    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("5673")
    int port();

    @WithDefault("guest")
    String username();

    @WithDefault("guest")
    String password();

    @WithDefault("/")
    String virtualHost();

    /** How long start-up waits for a broker that is not up yet before the service fails to start. */
    @WithDefault("60s")
    Duration connectTimeout();

    /** Pause between reconnection attempts after the broker went away. */
    @WithDefault("2s")
    Duration recoveryInterval();
}
