package io.provtest.common.rpc;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** This service's place on the RPC backbone. */
@ConfigMapping(prefix = "rpc")
public interface RpcConfig {

    /** e.g. {@code route-manager}: names the request queue, the events exchange and the publisher field. */
    String serviceName();

    /** Timeout of an outgoing call when the caller names none. */
    @WithDefault("5s")
    Duration defaultTimeout();

    /**
     * The retry hint of a request that was not served because the broker could not be reached or no queue took it
     * (the service is not running): nothing was done, and a restart of the broker or of a service takes 5 to 20 s
     * here (bench/faults.sh), so the caller is told when to come back instead of being left with a bare 503.
     */
    @WithDefault("5s")
    Duration unavailableRetryAfter();

    Server server();

    interface Server {
        /** Serve the request queue {@code <service-name>.request}; off for a pure client such as the gateway. */
        @WithDefault("true")
        boolean enabled();

        /** Handler threads (handlers may block on the database). */
        @WithDefault("16")
        int workers();

        /**
         * Threads for requests to routes marked {@code waitingOnOthers()} (orchestrations). At most this many run at
         * once, never more than half of {@link #prefetch()}: the rest of the prefetch window stays open to the quick
         * requests. One beyond them waits briefly ({@link #orchestrationQueue()}) or is refused as busy (503).
         */
        @WithDefault("24")
        int orchestrationWorkers();

        /**
         * Orchestrations that may wait for a busy worker, each at most {@link #orchestrationQueueWait()}, beyond which
         * they are refused as busy (0: none wait). Running and waiting together hold at most three quarters of the
         * prefetch.
         */
        @WithDefault("16")
        int orchestrationQueue();

        /** How long an orchestration may wait for a worker before it is refused as busy. */
        @WithDefault("50ms")
        Duration orchestrationQueueWait();

        /**
         * Requests the service sends itself before it serves, round its routes' harmless {@link WarmupRequest}s, so
         * that its first real requests meet compiled code ({@link RpcWarmup}); 0: none.
         */
        @WithDefault("2000")
        int warmupRequests();

        /** The most the warm-up may hold the start; the service serves after it anyway. */
        @WithDefault("20s")
        Duration warmupTimeout();

        /** Unacknowledged requests the broker may push ahead of the workers. */
        @WithDefault("64")
        int prefetch();

        /**
         * A second queue only this instance consumes, for requests that must reach the instance holding some live
         * state (call-manager's SIP dialogs). Not durable: it goes away with the instance, and a request to a gone
         * instance fails fast instead of waiting.
         */
        Optional<String> instanceQueue();
    }
}
