package io.provtest.call.call;

import io.provtest.call.engine.CallConfig;
import io.provtest.call.outbox.Outbox;
import io.provtest.common.json.Json;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes the live calls' changes behind the signalling, in batches (group commit): the engine changes a call in
 * memory ({@link CallChanges}), hands the new row here with the event it announces, and goes on without waiting.
 * One writer thread takes everything queued, and writes it in one transaction: the rows' live columns in one
 * pipelined batch of conditional UPDATEs, then the events of the rows that changed into the outbox in a second batch;
 * the outbox relay is woken after commit. A call's changes are queued from its own lane, one after the other, and
 * written in that order, so its rows and its events keep their order.
 *
 * <p>Why the reactive client's batch and not Hibernate: a batch of conditional updates of many rows is one round
 * trip here, while a Hibernate session would load each entity first (measured in bench/README.md). The guard
 * {@code status <> 'hangup'} keeps a call that was ended elsewhere (its dialog lost) from being revived.
 *
 * <p>Nothing is dropped while the database is away: the batch is retried until it is written. A change the database
 * refuses for itself (a constraint, bad data) is written alone and, if it still fails, logged and dropped so that it
 * cannot block every other call.
 */
@Singleton
public class CallWriter {

    private static final Logger LOG = Logger.getLogger(CallWriter.class);
    private static final int BATCH = 256;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final long PAUSE_AFTER_FAILURE_MS = 500;
    private static final String UPDATE = "update " + JsonColumns.SCHEMA + ".call set status = $2, sip_call_id = $3,"
            + " dialroute_id = $4, provider_id = $5, flow_id = $6, activeflow_id = $7, action = ($8::text)::jsonb,"
            + " hangup_by = $9, hangup_reason = $10, hangup_cause = $11, sip_status_code = $12, sip_reason = $13,"
            + " rtp_stats = ($14::text)::jsonb, tm_ringing = $15, tm_progressing = $16, tm_hangup = $17,"
            + " tm_update = $18 where id = $1 and status <> 'hangup'";
    private static final String INSERT_EVENT = "insert into " + JsonColumns.SCHEMA + ".outbox (instance_id, type,"
            + " request_id, data, tm_create) values ($1, $2, $3, ($4::text)::jsonb, $5)";

    /** A row to write and the event it announces (null: none); a null row is a barrier (see {@link #synced}). */
    private record Item(Call row, String event, String requestId, CompletableFuture<Boolean> done) {
    }

    private final Pool pool;
    private final Outbox outbox;
    private final String instanceId;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    public CallWriter(Pool pool, Outbox outbox, CallConfig config) {
        this.pool = pool;
        this.outbox = outbox;
        this.instanceId = config.instanceId();
    }

    void onStart(@Observes @Priority(45) StartupEvent event) {
        running = true;
        writer = new Thread(this::writeLoop, "call-writer");
        writer.setDaemon(true);
        writer.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.join(5_000);
        }
    }

    /**
     * Queues {@code row} (the call after a change) and, when {@code event} is not null, its event. Completes with
     * true once written, false when the stored row had already ended (nothing written, no event).
     */
    public CompletableFuture<Boolean> write(Call row, String event, String requestId) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        queue.add(new Item(row, event, requestId, done));
        return done;
    }

    /** Completes once everything queued before it is written: for answers that must show the latest state. */
    public CompletableFuture<Boolean> synced() {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        queue.add(new Item(null, null, null, done));
        return done;
    }

    /** Changes queued and not yet written: a measure of how far the database lags behind the calls. */
    public int backlog() {
        return queue.size();
    }

    private void writeLoop() {
        List<Item> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Item first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                writeUntilDone(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeUntilDone(List<Item> batch) throws InterruptedException {
        int failures = 0;
        while (true) {
            try {
                List<Boolean> applied = write(batch);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).done().complete(applied.get(i));
                }
                if (failures > 0) {
                    LOG.infof("call changes are written again after %d failed attempts", failures);
                }
                return;
            } catch (RuntimeException e) {
                if (refusedByTheDatabase(e) && batch.size() > 1) {
                    // one change the database refuses must not hold back the others: write them one by one
                    for (Item item : batch) {
                        writeUntilDone(new ArrayList<>(List.of(item)));
                    }
                    return;
                }
                if (refusedByTheDatabase(e)) {
                    LOG.errorf(e, "a change of call %s was refused by the database and is dropped", batch.get(0).row()
                            == null ? "-" : batch.get(0).row().id());
                    batch.get(0).done().completeExceptionally(e);
                    return;
                }
                if (failures++ == 0) {
                    LOG.warnf("call changes wait: the database did not take them (%s); retrying every %d ms",
                            e.getMessage(), PAUSE_AFTER_FAILURE_MS);
                }
                if (!running) {
                    batch.forEach(item -> item.done().completeExceptionally(e));
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(PAUSE_AFTER_FAILURE_MS);
            }
        }
    }

    private static boolean refusedByTheDatabase(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PgException) {
                return true;
            }
        }
        return false;
    }

    /** One transaction: the rows, then the events of those that changed. Per item: whether its row changed. */
    private List<Boolean> write(List<Item> batch) {
        List<Item> rows = batch.stream().filter(item -> item.row() != null).toList();
        List<Boolean> applied = new ArrayList<>(batch.size());
        if (rows.isEmpty()) {
            batch.forEach(item -> applied.add(true));
            return applied;
        }
        Instant now = Instant.now();
        List<Boolean> changed = pool.withTransaction(conn -> conn.preparedQuery(UPDATE)
                .executeBatch(rows.stream().map(CallWriter::updateOf).toList())
                .chain(result -> {
                    List<Boolean> matched = matched(result, rows.size());
                    List<Tuple> events = new ArrayList<>();
                    for (int i = 0; i < rows.size(); i++) {
                        Item item = rows.get(i);
                        if (matched.get(i) && item.event() != null) {
                            events.add(Tuple.of(instanceId, item.event(), item.requestId(),
                                    json(item.row()), utc(now)));
                        }
                    }
                    return events.isEmpty() ? Uni.createFrom().item(matched)
                            : conn.preparedQuery(INSERT_EVENT).executeBatch(events).replaceWith(matched);
                })).await().atMost(WRITE_TIMEOUT);
        boolean anyEvent = false;
        int next = 0;
        for (Item item : batch) {
            if (item.row() == null) {
                applied.add(true);
                continue;
            }
            boolean matched = changed.get(next++);
            applied.add(matched);
            anyEvent |= matched && item.event() != null;
        }
        if (anyEvent) {
            outbox.wakeRelay();
        }
        return applied;
    }

    /** The row count of each statement of a batch, in order (the client chains one result per statement). */
    private static List<Boolean> matched(RowSet<Row> result, int n) {
        List<Boolean> matched = new ArrayList<>(n);
        for (RowSet<Row> r = result; r != null && matched.size() < n; r = r.next()) {
            matched.add(r.rowCount() == 1);
        }
        while (matched.size() < n) {
            matched.add(false);
        }
        return matched;
    }

    private static Tuple updateOf(Item item) {
        Call c = item.row();
        return Tuple.tuple().addUUID(c.id()).addString(c.status().wire()).addString(c.sipCallId())
                .addUUID(c.dialrouteId()).addUUID(c.providerId()).addUUID(c.flowId()).addUUID(c.activeflowId())
                .addString(c.action() == null ? null : json(c.action())).addString(c.hangupBy())
                .addString(c.hangupReason()).addString(c.hangupCause()).addInteger(c.sipStatusCode())
                .addString(c.sipReason()).addString(c.rtpStats() == null ? null : json(c.rtpStats()))
                .addOffsetDateTime(utc(c.tmRinging())).addOffsetDateTime(utc(c.tmProgressing()))
                .addOffsetDateTime(utc(c.tmHangup())).addOffsetDateTime(utc(c.tmUpdate()));
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static String json(Object value) {
        return new String(Json.bytes(value), StandardCharsets.UTF_8);
    }
}
