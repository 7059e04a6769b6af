package io.provtest.call.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Outbound limits enforced where calls are created. The per-customer values are the platform's defaults for every
 * customer until the per-customer outbound config ({@code max_concurrent_calls}, {@code calls_per_second}) arrives;
 * then {@link CustomerLimits} reads it and these stay the defaults. 0 turns a limit off.
 */
@ConfigMapping(prefix = "outbound")
public interface OutboundConfig {

    /** Calls a customer may start per second (legs of a ring_all groupcall count one each). */
    @WithDefault("200")
    int callsPerSecond();

    /** Calls of a customer alive at once (groupcall legs included: they are calls). */
    @WithDefault("2000")
    int maxConcurrentCalls();

    /** The platform's ceilings, over every customer together. */
    Platform platform();

    interface Platform {
        @WithDefault("1000")
        int callsPerSecond();

        @WithDefault("5000")
        int maxConcurrentCalls();
    }

    /** Legs one request may place after agent expansion, duplicates removed (400 TOO_MANY_LEGS beyond). */
    @WithDefault("100")
    int maxLegsPerRequest();

    /** The Retry-After of a concurrent-calls refusal (a per-second refusal says 1 s). */
    @WithDefault("5")
    int concurrentRetryAfterSeconds();

    /**
     * How long an admitted request's legs are counted while it places them (until its calls are stored and counted
     * from their rows). A crashed replica's reservation lapses after this.
     */
    @WithDefault("15s")
    Duration reservationLifetime();

    /**
     * RTP ports (one per live call, per instance) kept for super-admins' provider calls: a customer's call is refused
     * with 503 RTP_PORTS_EXHAUSTED when it would leave fewer than this free.
     */
    @WithDefault("200")
    int rtpPortsReservedForProviderCalls();
}
