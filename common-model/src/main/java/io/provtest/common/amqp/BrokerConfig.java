package io.provtest.common.amqp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Where the RabbitMQ broker is. Defaults match the project's local servers script (private port 5673, user
 * provtest); the password has no default, so a service never logs in with a well-known one (scripts/run.sh passes
 * the generated password as BROKER_PASSWORD).
 */
@ConfigMapping(prefix = "broker")
public interface BrokerConfig {

    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("5673")
    int port();

    @WithDefault("provtest")
    String username();

    String password();

    @WithDefault("/")
    String virtualHost();

    /** How long start-up waits for a broker that is not up yet before the service fails to start. */
    @WithDefault("60s")
    Duration connectTimeout();

    /** Pause between reconnection attempts after the broker went away. */
    @WithDefault("2s")
    Duration recoveryInterval();

    /**
     * Type of the durable queues (requests, their dead letters, shared event queues): classic for one node, quorum
     * for a RabbitMQ cluster (3.10 or later). {@code BROKER_QUEUE_TYPE=quorum}. See {@link QueueLayout}.
     */
    @WithDefault("classic")
    QueueType queueType();

    /** Quorum queues: deliveries of one message before it is dead-lettered (one that kills its consumer each time). */
    @WithDefault("5")
    int deliveryLimit();

    /** How long a dead letter (an expired or unreadable request) is kept for inspection. */
    @WithDefault("24h")
    Duration deadLetterTtl();

    /** At most this many dead letters per queue; the oldest goes first. */
    @WithDefault("10000")
    int deadLetterMaxLength();
}
