package io.provtest.call.outbox;

import io.provtest.call.engine.CallConfig;
import io.provtest.common.db.Db;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.rpc.RpcContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import io.provtest.call.call.JsonColumns;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Events of call and groupcall state changes. A change and its event are written in one transaction, and a relay
 * thread sends the stored events to the broker and removes their rows once confirmed, about a second's worth in one
 * statement: the events handed over after commit, the table read only when that is due (OutboxRelay). The SIP world
 * cannot be rolled back, so a change must stand even when the broker is away; its event then waits here instead of
 * being lost, and goes out when the broker is back (or, when this instance is gone for good, through a survivor:
 * instance/InstanceLease). While the broker cannot take events (EventPublisher#takesEvents) nothing is sent at all
 * (OutboxRelay#brokerAway): the publisher would keep every attempt and send each event once per failed round at the
 * broker's return.
 */
@Singleton
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    static final int BATCH = 200;
    private static final long PAUSE_AFTER_FAILURE_MS = 1_000;
    private static final long IDLE_POLL_MS = 1_000;
    /** How often the table is read although nothing failed: rows no writer handed over (OutboxRelay). */
    static final long TABLE_READ_INTERVAL_MS = 5_000;
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    private static final String OLDEST = "select seq, type, request_id, data::text, customer_id from "
            + JsonColumns.SCHEMA + ".outbox where instance_id = $1 order by seq limit $2";
    private static final String REMOVE = "delete from " + JsonColumns.SCHEMA + ".outbox where seq = any($1)";

    private final OutboxRepository rows;
    private final String instanceId;
    private final Pool pool;
    private final OutboxRelay.Sink sink;
    private final OutboxRelay relay;
    private final EventPublisher events;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread relayThread;

    /**
     * The relay reads and clears rows on the reactive client's pool directly: it sends the stored JSON text as it is
     * (through Hibernate each event was parsed into a tree and written again, measured at a fifth of call-manager's
     * CPU under load; bench/README.md), and the column is json, not jsonb, so that the text is the compact one written
     * and goes into the envelope without being parsed at all.
     */
    public Outbox(OutboxRepository rows, EventPublisher events, CallConfig config, Pool pool) {
        this.rows = rows;
        this.events = events;
        this.pool = pool;
        this.instanceId = config.instanceId();
        this.sink = event -> events.sendJson(event.type(), event.requestId(), event.dataJson(),
                event.customerId());
        this.relay = new OutboxRelay(storeOf(instanceId), sink, BATCH);
    }

    private OutboxRelay.Store storeOf(String instance) {
        return new OutboxRelay.Store() {
            @Override
            public List<OutboxEvent> oldest(int limit) {
                List<OutboxEvent> events = new ArrayList<>(limit);
                for (Row r : pool.preparedQuery(OLDEST).execute(Tuple.of(instance, limit)).await()
                        .atMost(STATEMENT_TIMEOUT)) {
                    events.add(new OutboxEvent(r.getLong(0), r.getString(1), r.getString(2), r.getString(3),
                            r.getString(4)));
                }
                return events;
            }

            @Override
            public void remove(List<Long> seqs) {
                pool.preparedQuery(REMOVE).execute(Tuple.of(seqs.toArray(Long[]::new))).await()
                        .atMost(STATEMENT_TIMEOUT);
            }
        };
    }

    /**
     * Relays every stored event of another instance, gone for good, on the calling thread: a survivor's takeover
     * (instance/InstanceLease), while {@code stillClaimed} says the takeover is still this instance's. Returns how
     * many went out; throws when the broker refuses one (the takeover is tried again at the next heartbeat).
     */
    public int relayAllOf(String instance, BooleanSupplier stillClaimed) {
        OutboxRelay theirs = new OutboxRelay(storeOf(instance), sink, BATCH);
        int relayed = 0;
        while (stillClaimed.getAsBoolean()) {
            if (!events.takesEvents()) {
                throw new IllegalStateException("the broker does not take events now; " + relayed + " of "
                        + instance + "'s relayed");
            }
            OutboxRelay.Round round = theirs.relayStored();
            relayed += round.relayed();
            theirs.removeSent(); // a takeover leaves nothing sent behind it
            if (round.failed()) {
                throw new IllegalStateException("the broker did not take an event of " + instance + ": "
                        + round.failure());
            }
            if (!round.full()) {
                break;
            }
        }
        return relayed;
    }

    /**
     * Runs the change in a transaction and, when it changed something (its Uni yields the changed row, null when
     * nothing changed), stores {@code type} with that row and the current request id in the same transaction; the
     * event is handed to the relay after commit. Blocks the calling thread (never an event loop: see {@link Db}).
     */
    public <T> T record(String type, Supplier<Uni<T>> change) {
        String requestId = RpcContext.currentRequestId();
        AtomicReference<OutboxEvent> stored = new AtomicReference<>();
        T changed = Db.transaction(() -> change.get().call(row -> row == null ? Uni.createFrom().voidItem()
                : rows.add(instanceId, type, requestId, row).invoke(stored::set)));
        if (stored.get() != null) { // something changed, and its event is stored
            committed(List.of(stored.get()));
        }
        return changed;
    }

    /**
     * Events another writer stored (CallWriter, in its batches), handed over after their transaction committed and in
     * their commit order: the relay sends them without reading them back.
     */
    public void committed(List<OutboxEvent> events) {
        if (!events.isEmpty()) {
            relay.handOff(events);
            wake.release();
        }
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        relayThread = new Thread(this::relayUntilStopped, "outbox-relay");
        relayThread.setDaemon(true);
        relayThread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wake.release();
        if (relayThread != null) {
            relayThread.join(2_000);
        }
    }

    private void relayUntilStopped() {
        int failedRounds = 0;
        long awaySince = 0;
        long lastTableRead = System.nanoTime();
        while (running) {
            try {
                if (!events.takesEvents()) {
                    if (awaySince == 0) {
                        awaySince = System.nanoTime();
                        LOG.warn("the broker does not take events now (away, or blocking publishers): events wait in"
                                + " the outbox, nothing is sent until it does");
                    }
                    relay.brokerAway();
                    pause();
                    continue;
                }
                if (awaySince != 0) {
                    LOG.infof("the broker takes events again after %d s: the outbox is draining",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - awaySince));
                    awaySince = 0;
                }
                long now = System.nanoTime();
                if (now - lastTableRead >= TimeUnit.MILLISECONDS.toNanos(TABLE_READ_INTERVAL_MS)) {
                    relay.readTableNext();
                }
                if (relay.readsTableNext()) {
                    lastTableRead = now;
                }
                OutboxRelay.Round round = relay.relayOnce();
                if (round.failed()) {
                    if (failedRounds++ == 0) {
                        LOG.warnf("events wait in the outbox: the broker did not take one (%s); retrying every %d ms",
                                round.failure(), PAUSE_AFTER_FAILURE_MS);
                    }
                    pause();
                    continue;
                }
                if (failedRounds > 0) {
                    LOG.infof("the broker takes events again after %d failed rounds; the outbox is draining",
                            failedRounds);
                    failedRounds = 0;
                }
                if (relay.removalDueIn(System.nanoTime()) <= 0) {
                    relay.removeSent();
                }
                if (!round.full()) {
                    // idle: until woken, the rows of the events sent fall due, or the next poll
                    long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MS),
                            Math.max(0, relay.removalDueIn(System.nanoTime())));
                    wake.tryAcquire(wait, TimeUnit.NANOSECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("the outbox relay failed to read or clear its rows: %s", e.getMessage());
                pause();
            }
        }
        try {
            relay.removeSent(); // a stop leaves no row of an event sent, so a restart does not send it again
        } catch (RuntimeException e) {
            LOG.warnf("the rows of events sent were left in the outbox at the stop (%s); they go out again at the"
                    + " next start", e.getMessage());
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(PAUSE_AFTER_FAILURE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
