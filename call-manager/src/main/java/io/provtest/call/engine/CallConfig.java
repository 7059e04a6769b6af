package io.provtest.call.engine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "call")
public interface CallConfig {

    /** An unanswered call is given up after this long (reason dialout). */
    @WithDefault("60s")
    Duration dialTimeout();

    /**
     * How long a CANCEL may wait for the final response to its INVITE before the call ends anyway (RFC 3261 9.1:
     * 64*T1): after the dial timer's own CANCEL (the call ends as dialout), and after a CANCEL sent again at the dial
     * timeout because the first got no final response (it ends as canceled).
     */
    @WithDefault("32s")
    Duration cancelTimeout();

    /** An answered call is hung up after this long (reason timeout). */
    @WithDefault("1h")
    Duration maxDuration();

    /**
     * How long before the end of the last increment a customer's balance covers an answered call is hung up: the
     * charge counts every started second up to the hangup, so the BYE must be answered before that second starts
     * (call/BalanceRules).
     */
    @WithDefault("500ms")
    Duration balanceHangupMargin();

    /**
     * This instance's name: it owns the dialogs it starts, its outbox rows, its own queue and its lease. Derived when
     * not set (the pod name, else host + a random suffix kept for the process's life: instance/InstanceIdentity).
     */
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

    /**
     * Threads for a call's slow media work (text to speech, fetching WAVs), kept off the engine's threads so that one
     * call's synthesis never delays another call's signalling.
     */
    @WithDefault("4")
    int mediaThreads();

    /**
     * How long a provider read from route-manager is trusted at most; its events make it forgotten sooner. A bound
     * only for changes whose event was missed while the broker was away.
     */
    @WithDefault("60s")
    Duration providerCacheTtl();

    /** When a new call is refused as busy ({@code 503 SERVICE_BUSY}) instead of being served late. */
    AdmissionConfig admission();

    /** The threads of groupcalls' bookkeeping (groupcall/GroupcallWork). */
    GroupcallConfig groupcall();

    interface GroupcallConfig {
        /** Threads that handle a leg's end, the hangup of the other legs after an answer, a child's hangup. */
        @WithDefault("4")
        int threads();

        /**
         * Tasks waiting for those threads at most before a new groupcall is refused ({@code 503 SERVICE_BUSY}); work
         * of groupcalls already placed is always done.
         */
        @WithDefault("1000")
        int maxBacklog();
    }

    interface AdmissionConfig {
        /** The engine's threads may be this late at most (the largest wait of the last 250 to 500 ms). */
        @WithDefault("250")
        long maxEngineLagMs();

        /** Call changes waiting for the database at most. */
        @WithDefault("5000")
        int maxWriteBacklog();

        /** Calls dialed and not yet answered or ended, at most (each holds an RTP port and timers). */
        @WithDefault("3000")
        int maxCallsSettingUp();

        /** The hint given with a refusal ({@code retry_after_seconds}, {@code Retry-After}). */
        @WithDefault("1")
        int retryAfterSeconds();
    }

    /**
     * An answered call asks the carrier whether the dialog still exists (an in-dialog OPTIONS) this often; no
     * answer, or 481/408, ends it as failed. Catches calls whose carrier dropped them without a BYE. 0 turns it off.
     */
    @WithDefault("60s")
    Duration dialogCheckInterval();

    /**
     * An answered call whose INVITE the SIP stack had to send again (UDP, no response within 500 ms) asks the carrier
     * this soon after the answer whether it holds the dialog: the copy may have reached the carrier after it answered,
     * and a carrier that takes it for a broken request drops the call without a BYE (bench/README.md, "Calls left
     * live"). 0 turns this early check off (the regular one still runs).
     */
    @WithDefault("1s")
    Duration earlyDialogCheckDelay();

    /**
     * How long the early check waits for any answer to its OPTIONS (sent again at 0.5, 1 and 2 s over UDP) before the
     * call is ended as failed: a carrier that holds the dialog answers within milliseconds, even with 405 or 501.
     */
    @WithDefault("4s")
    Duration earlyDialogCheckTimeout();

    /**
     * On SIGTERM, live calls are given this long to end by themselves before the rest are ended with a cause. Keep it
     * below the pod's terminationGracePeriodSeconds, leaving time to end the rest and relay their events.
     */
    @WithDefault("90s")
    Duration drainTimeout();

    /** The instance's lease in PostgreSQL: how a survivor knows an instance is gone for good (instance/). */
    LeaseConfig lease();

    interface LeaseConfig {
        /** How often the lease is renewed (and expired leases of others looked for). */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /** A lease not renewed for this long is expired: its calls are ended and its outbox relayed by a survivor. */
        @WithDefault("30s")
        Duration ttl();
    }
}
