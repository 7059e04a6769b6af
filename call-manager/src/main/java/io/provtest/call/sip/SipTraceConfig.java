package io.provtest.call.sip;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long the SIP messages of calls are kept (TraceRetention). */
@ConfigMapping(prefix = "sip.trace")
public interface SipTraceConfig {

    /**
     * Messages older than this are deleted; 0 keeps them for ever. A report of a call whose trace is gone says so and
     * judges from the call's record (no timings, no codec).
     */
    @WithDefault("30d")
    Duration retention();

    /** How often the purge runs (each replica; a purge deletes the oldest messages first, in batches). */
    @WithDefault("1h")
    Duration purgeInterval();

    /** Messages one purge statement deletes; a purge goes on while a statement finds this many. */
    @WithDefault("10000")
    int purgeBatch();
}
