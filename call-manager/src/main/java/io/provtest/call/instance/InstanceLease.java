package io.provtest.call.instance;

import io.provtest.call.call.CallLifecycle;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.groupcall.GroupcallService;
import io.provtest.call.outbox.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * This instance's lease, and the takeover of instances gone for good. Every heartbeat renews the lease and claims
 * the expired leases of others (one survivor per lease: {@link InstanceLeases}); for each claimed one, its stored
 * events are relayed first (they are older than anything the takeover writes), then its calls and groupcalls are
 * ended as failed with a cause, then its lease row goes. A takeover that fails half-way (broker away) keeps the
 * claim until it runs out, and then any survivor, this one included, starts it again: every step is idempotent.
 * Delivery of the dead instance's events is at least once.
 */
@Singleton
public class InstanceLease {

    private static final Logger LOG = Logger.getLogger(InstanceLease.class);

    private final InstanceLeases leases;
    private final CallLifecycle lifecycle;
    private final GroupcallService groupcalls;
    private final Outbox outbox;
    private final String me;
    private final Duration heartbeat;
    private final Duration ttl;
    private ScheduledExecutorService ticker;

    public InstanceLease(InstanceLeases leases, CallLifecycle lifecycle, GroupcallService groupcalls, Outbox outbox,
                         CallConfig config) {
        this.leases = leases;
        this.lifecycle = lifecycle;
        this.groupcalls = groupcalls;
        this.outbox = outbox;
        this.me = config.instanceId();
        this.heartbeat = config.lease().heartbeatInterval();
        this.ttl = config.lease().ttl();
    }

    /** Before the start-up reconciliation (priority 50): the lease says this instance is alive from now on. */
    void onStart(@Observes @Priority(45) StartupEvent event) {
        String problem = InstanceRules.leaseProblem(heartbeat, ttl);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        leases.register(me, ttl);
        forgetEarlierRun();
        LOG.infof("instance %s holds its lease (renewed every %s, expires after %s)", me, heartbeat, ttl);
        // renewal and takeovers on threads of their own: a long takeover must not delay this instance's renewal
        ticker = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "instance-lease");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::renew, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::lookForTheGone, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Back under the same name (a restarted pod of a StatefulSet): the create requests the earlier run claimed and
     * never answered are given back, as a survivor's takeover gives back a gone instance's, so route-manager reads
     * them as never served; kept, they would read "serving" for ever and their provider calls stay pending. Runs
     * before this process serves any request (the RPC server starts at a later priority), so every such claim is the
     * earlier run's.
     */
    void forgetEarlierRun() {
        int forgotten = leases.forgetUnanswered(me);
        if (forgotten > 0) {
            LOG.warnf("instance %s gave back %d create requests its earlier run left unanswered", me, forgotten);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopHeartbeat();
    }

    /** Renews this instance's lease. Never throws (the next beat tries again). */
    void renew() {
        try {
            if (!leases.renew(me, ttl)) {
                LOG.errorf("instance %s lost its lease to a survivor: ending its %d live calls and taking a new lease",
                        me, lifecycle.liveCalls());
                lifecycle.endAllLive(InstanceRules.leaseLostCause(me));
                leases.register(me, ttl);
            }
        } catch (RuntimeException e) {
            LOG.warnf("lease renewal of instance %s failed: %s", me, e.getMessage());
        }
    }

    private void lookForTheGone() {
        try {
            takeOverExpired();
        } catch (RuntimeException e) {
            LOG.warnf("taking over an instance gone for good failed (tried again when its claim runs out): %s",
                    e.getMessage());
        }
        try {
            finishWhatUnleasedInstancesLeft();
        } catch (RuntimeException e) {
            LOG.warnf("ending the calls of instances without a lease failed (tried again at the next beat): %s",
                    e.getMessage());
        }
    }

    /**
     * Finishes what instances holding no lease row at all left behind. A takeover deletes the row of an instance that
     * may still be running (paused past its TTL): what it did after the takeover read its rows, and before its own
     * next renewal noticed the loss (then it ends its live calls itself), is left to nobody if it dies in between
     * (SIGKILL), as no lease of it is left to expire: events it stored (relayed first: they are older than the ends
     * written here), live calls and live groupcalls. Anything younger than two TTLs is left alone: an instance taken
     * over takes a new lease at its next renewal, and relays and ends its own. The number of calls and groupcalls
     * ended.
     */
    public int finishWhatUnleasedInstancesLeft() {
        Duration settled = ttl.multipliedBy(2);
        for (String instance : leases.outboxesWithoutLease(settled)) {
            int relayed = outbox.relayAllOf(instance, () -> true);
            LOG.warnf("relayed %d events stored by instance %s, which holds no lease", relayed, instance);
        }
        Map<UUID, String> owners = new HashMap<>();
        for (InstanceLeases.Unleased call : leases.unfinishedCallsWithoutLease(settled)) {
            owners.put(call.id(), call.owner());
        }
        int ended = owners.isEmpty() ? 0 : lifecycle.endOrphans(List.copyOf(owners.keySet()),
                id -> InstanceRules.unleasedCause(owners.get(id)));
        Map<UUID, String> groupcallOwners = new HashMap<>();
        for (InstanceLeases.Unleased groupcall : leases.unfinishedGroupcallsWithoutLease(settled)) {
            groupcallOwners.put(groupcall.id(), groupcall.owner());
        }
        int endedGroupcalls = groupcallOwners.isEmpty() ? 0 : groupcalls.endOrphans(groupcallOwners.keySet(),
                id -> InstanceRules.unleasedCause(groupcallOwners.get(id)));
        if (ended + endedGroupcalls > 0) {
            LOG.warnf("ended %d calls and %d groupcalls of instances holding no lease (%s): taken over while running,"
                    + " then gone", ended, endedGroupcalls, Set.copyOf(owners.isEmpty() ? groupcallOwners.values()
                    : owners.values()));
        }
        return ended + endedGroupcalls;
    }

    /** Claims and takes over every expired lease of another instance; the number taken over. */
    public int takeOverExpired() {
        int taken = 0;
        for (String dead : leases.claimExpired(me, ttl)) {
            takeOver(dead);
            taken++;
        }
        return taken;
    }

    private void takeOver(String dead) {
        LOG.warnf("instance %s is gone (its lease expired): relaying its events and ending its calls", dead);
        int events = outbox.relayAllOf(dead, () -> leases.extendClaim(dead, me, ttl));
        if (!leases.extendClaim(dead, me, ttl)) {
            LOG.infof("instance %s is back or taken over by another survivor: leaving it", dead);
            return;
        }
        String cause = InstanceRules.goneCause(dead);
        int calls = lifecycle.endOrphans(dead, cause);
        int ended = groupcalls.endOrphans(dead, cause);
        leases.forgetUnanswered(dead);
        leases.release(dead, me);
        LOG.warnf("took over instance %s: %d events relayed, %d calls and %d groupcalls ended", dead, events, calls,
                ended);
    }

    /** A drain's last step: no more heartbeats; the lease is ended so a survivor relays what is left at once. */
    public void leave() {
        stopHeartbeat();
        try {
            leases.expire(me);
        } catch (RuntimeException e) {
            LOG.warnf("the lease of instance %s could not be ended (it runs out by itself): %s", me, e.getMessage());
        }
    }

    private synchronized void stopHeartbeat() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }
}
