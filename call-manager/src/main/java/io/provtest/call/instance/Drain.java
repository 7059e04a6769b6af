package io.provtest.call.instance;

import io.provtest.call.call.CallLifecycle;
import io.provtest.call.call.CallWriter;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.groupcall.GroupcallService;
import io.provtest.common.rpc.AmqpRpcServer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * SIGTERM (a rolling upgrade, a scale-down, Ctrl-C) drains this instance before anything else stops: it stops taking
 * new calls (readiness DOWN, the shared request queue no longer consumed: other replicas take the new work), lets
 * its live calls end by themselves for up to {@code call.drain-timeout}, ends the rest with a cause, waits for the
 * rows to be written, and ends its lease so that a survivor relays whatever events are left. Its own queue is
 * served meanwhile, so hangups of its calls still reach it.
 */
@Singleton
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class);
    private static final long POLL_MS = 250;
    /** After the grace: how long the ends we asked for (CANCEL, BYE) may take before the lease is let go anyway. */
    private static final Duration ENDING = Duration.ofSeconds(10);

    private final AmqpRpcServer rpc;
    private final CallLifecycle lifecycle;
    private final GroupcallService groupcalls;
    private final CallWriter writer;
    private final InstanceLease lease;
    private final String me;
    private final Duration grace;
    private volatile boolean draining;

    public Drain(AmqpRpcServer rpc, CallLifecycle lifecycle, GroupcallService groupcalls, CallWriter writer,
                 InstanceLease lease, CallConfig config) {
        this.rpc = rpc;
        this.lifecycle = lifecycle;
        this.groupcalls = groupcalls;
        this.writer = writer;
        this.lease = lease;
        this.me = config.instanceId();
        this.grace = config.drainTimeout();
    }

    /** Read by the readiness check. */
    public boolean draining() {
        return draining;
    }

    /** First of the shutdown observers (the engine, SIP stack, writer and relay stop after it). */
    void onStop(@Observes @Priority(5) ShutdownEvent event) {
        drain();
    }

    void drain() {
        draining = true;
        rpc.pauseSharedQueue();
        LOG.infof("draining instance %s: %d live calls have up to %s to end", me, lifecycle.liveCalls(), grace);
        long started = System.nanoTime();
        InstanceRules.DrainStep step;
        while ((step = InstanceRules.drainStep(lifecycle.liveCalls(), Duration.ofNanos(System.nanoTime() - started),
                grace)) == InstanceRules.DrainStep.WAIT) {
            sleep();
        }
        if (step == InstanceRules.DrainStep.END_REST) {
            LOG.warnf("drain grace of %s over: ending the %d calls still live", grace, lifecycle.liveCalls());
            lifecycle.endAllLive(InstanceRules.drainCause(me, grace));
            long deadline = System.nanoTime() + ENDING.toNanos();
            while (lifecycle.liveCalls() > 0 && System.nanoTime() < deadline) {
                sleep();
            }
        }
        try {
            writer.synced().get(5, TimeUnit.SECONDS);
            // a groupcall whose last legs just ended is ended by its leg's notice; one still open here has none left
            int ended = groupcalls.endOrphans(me, InstanceRules.drainCause(me, grace));
            if (ended > 0) {
                LOG.warnf("drain ended %d groupcalls still open", ended);
            }
        } catch (Exception e) {
            LOG.warnf("drain of instance %s could not finish its writes (a survivor ends what is left): %s", me,
                    e.getMessage());
        }
        lease.leave();
        LOG.infof("instance %s drained (%d calls left live)", me, lifecycle.liveCalls());
    }

    private static void sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
