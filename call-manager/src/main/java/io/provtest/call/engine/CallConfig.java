package io.provtest.call.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "call")
public interface CallConfig {

    /** An unanswered call is given up after this long (reason dialout). */
    @WithDefault("60s")
    Duration dialTimeout();

    /** An answered call is hung up after this long (reason timeout). */
    @WithDefault("1h")
    Duration maxDuration();

    /**
     * This instance's name: it owns the dialogs it starts. Stable across restarts, so that a restarted instance
     * can end the calls whose dialogs it lost.
     */
    @WithDefault("cm-1")
    String instanceId();

    /** Deadline of calls to route-manager; shorter than route-manager's own deadline for create-calls. */
    @WithDefault("3s")
    Duration routeManagerTimeout();

    /**
     * Threads that run the calls' signalling and flow steps (each call's steps one at a time, in order). The steps
     * mostly wait on PostgreSQL, broker confirms and flow-manager, so this is sized for waiting, not for cores.
     */
    @WithDefault("8")
    int engineThreads();
}
