package io.provtest.call.call;

import io.provtest.call.engine.Bursts;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.engine.WriteAttempt;
import io.provtest.call.outbox.Outbox;
import io.provtest.call.outbox.OutboxEvent;
import io.provtest.common.db.WireColumns;
import io.provtest.common.json.Json;
import io.provtest.common.time.Times;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Writes the live calls' changes behind the signalling, in batches (group commit): the engine changes a call in
 * memory ({@link CallChanges}), hands the new row here with the event it announces, and goes on without waiting.
 * One writer thread takes everything queued (a change with nothing queued behind it waits a few milliseconds for
 * the rest of its burst: {@link #gather}), and writes it in one transaction: the rows' live columns in one
 * pipelined batch of conditional UPDATEs (a call changed more than once since the last batch: its latest row,
 * once), then the events of the rows that changed into the outbox in a second batch; the events are handed to the
 * outbox relay after commit. A call's changes are queued from its own lane, one after the other, and written in that
 * order, so its rows and its events keep their order.
 *
 * <p>Why the reactive client's batch and not Hibernate: a batch of conditional updates of many rows is one round
 * trip here, while a Hibernate session would load each entity first (measured in bench/README.md). The guard
 * {@link #NOT_HUNG_UP} keeps a call that was ended elsewhere (its dialog lost) from being revived.
 *
 * <p>Nothing is dropped while the database is away: the batch is retried until it is written. A change the database
 * refuses for itself (a constraint, bad data) is written alone and, if it still fails, logged and dropped so that it
 * cannot block every other call.
 *
 * <p>Nothing is written twice either: a batch whose answer does not come (the writer's wait ran out behind a lock, or
 * the connection broke) may still commit, so before writing it again the writer asks the database how its
 * transaction ended ({@link WriteAttempt#write}); one that committed is done, with the outcome it had,
 * and its events are not stored a second time.
 */
@Singleton
public class CallWriter {

    private static final Logger LOG = Logger.getLogger(CallWriter.class);
    private static final int BATCH = 256;
    /** How long a change with nothing queued behind it waits for more to be written with it (see #gather). */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** A lingering batch stops waiting once it holds this many changes. */
    static final int LINGER_BELOW = 32;
    /**
     * The guard that keeps an ended call ended, written so that the update finds its row by the primary key. Spelt
     * {@code status <> 'hangup'}, it implies the predicate of the partial indexes on live calls (call_unfinished,
     * call_groupcall_live, call_live_customer), and PostgreSQL then chose one of them, small when its statistics were
     * taken, and read every live call (and every dead version of one since the last vacuum) to find the one row:
     * 0.33 ms an update in a 400/s run, 2.2 updates a call, more the more calls were up (bench/README.md, "A call's
     * update found by its key"). {@code is distinct from} means the same for a column that is never null, and the
     * planner does not prove a partial index's predicate from it. CallUpdatePlanTest holds the plan to the key.
     */
    static final String NOT_HUNG_UP = "status is distinct from 'hangup'";
    static final String UPDATE = "update " + JsonColumns.SCHEMA + ".call set status = $2, sip_call_id = $3,"
            + " dialroute_id = $4, provider_id = $5, flow_id = $6, activeflow_id = $7, action = ($8::text)::jsonb,"
            + " hangup_by = $9, hangup_reason = $10, hangup_cause = $11, sip_status_code = $12, sip_reason = $13,"
            + " rtp_stats = ($14::text)::jsonb, tm_ringing = $15, tm_progressing = $16, tm_hangup = $17,"
            + " tm_update = $18 where id = $1 and " + NOT_HUNG_UP;
    private static final String INSERT_CALL = "insert into " + JsonColumns.SCHEMA + ".call (id, customer_id, flow_id,"
            + " activeflow_id, type, master_call_id, groupcall_id, source, destination, status, metadata, action,"
            + " direction, hangup_by, hangup_reason, hangup_cause, anonymous, dialroute_id, dialroutes, provider_id,"
            + " sip_call_id, sip_status_code, sip_reason, rtp_stats, owner_instance, tm_ringing, tm_progressing,"
            + " tm_hangup, tm_create, tm_update, tm_delete) values ($1, $2, $3, $4, $5, $6, $7, ($8::text)::jsonb,"
            + " ($9::text)::jsonb, $10, ($11::text)::jsonb, ($12::text)::jsonb, $13, $14, $15, $16, $17, $18,"
            + " ($19::text)::jsonb, $20, $21, $22, $23, ($24::text)::jsonb, $25, $26, $27, $28, $29, $30, $31)";
    private static final WireColumns.AddressOne ADDRESS = new WireColumns.AddressOne();
    private static final WireColumns.Fields FIELDS = new WireColumns.Fields();
    private static final JsonColumns.DialroutesColumn DIALROUTES = new JsonColumns.DialroutesColumn();
    private static final String INSERT_EVENT = "insert into " + JsonColumns.SCHEMA + ".outbox (instance_id, type,"
            + " request_id, data, customer_id, tm_create) values ($1, $2, $3, ($4::text)::json, $5, $6) returning seq";

    /**
     * A row to write (a new one when {@code insert}) and the event it announces (null: none); or a create request's
     * answer ({@code answer}, no row); a null row without an answer is a barrier (see {@link #synced}).
     */
    record Item(Call row, boolean insert, String event, String requestId, CreateOnce.Mark mark,
                CreateOnce.Answer answer, CompletableFuture<Boolean> done) {
    }

    private final Pool pool;
    private final Outbox outbox;
    private final String instanceId;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    /** Test hook (CallEndRaceTest): while not complete, the writer holds what it took off the queue (30 s at most). */
    private volatile CompletableFuture<Void> hold = CompletableFuture.completedFuture(null);
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
        queue.add(new Item(row, false, event, requestId, null, null, done));
        return done;
    }

    /**
     * Queues a new call and its {@code call_created}, and with them (same transaction) its create request's calls
     * placed so far when {@code mark} is not null. Completes with true once stored; the caller dials it only then.
     * A caller that stops waiting cancels the future: if the row is stored after all, it is ended at once as failed
     * (never left in {@code dialing} with nobody dialing it).
     */
    public CompletableFuture<Boolean> insert(Call row, String event, String requestId, CreateOnce.Mark mark) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        queue.add(new Item(row, true, event, requestId, mark, null, done));
        return done;
    }

    /**
     * Queues a create request's answer (CreateOnce), written with the next batch instead of in a transaction of its
     * own: one commit fewer per create. Completes once written.
     */
    public CompletableFuture<Boolean> answer(CreateOnce.Answer answer) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        queue.add(new Item(null, false, null, null, null, answer, done));
        return done;
    }

    /** Completes once everything queued before it is written: for answers that must show the latest state. */
    public CompletableFuture<Boolean> synced() {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        queue.add(new Item(null, false, null, null, null, null, done));
        return done;
    }

    /** Holds every write until {@code until} completes: a slow database, for tests of what happens meanwhile. */
    void holdUntil(CompletableFuture<Void> until) {
        hold = until;
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
                awaitHold();
                gather(first, queue, batch, LINGER_NANOS);
                writeUntilDone(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * The next batch (engine/Bursts): a change of a live call with nothing queued behind it waits up to the linger for
     * more of its burst, to be written in one transaction; a new call, a create request's answer or a barrier has
     * someone waiting on it and ends the wait at once. The changes' events are late by at most the linger.
     */
    static void gather(Item first, BlockingQueue<Item> queue, List<Item> batch, long lingerNanos)
            throws InterruptedException {
        Bursts.gather(first, queue, batch, BATCH, LINGER_BELOW, lingerNanos, CallWriter::mayWait);
    }

    /** A change of a live call: nobody waits on its write. */
    private static boolean mayWait(Item item) {
        return item.row() != null && !item.insert();
    }

    private void awaitHold() throws InterruptedException {
        try {
            hold.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            hold = CompletableFuture.completedFuture(null);
        }
    }

    private void writeUntilDone(List<Item> batch) throws InterruptedException {
        int failures = 0;
        while (true) {
            try {
                List<Boolean> applied = write(batch);
                for (int i = 0; i < batch.size(); i++) {
                    Item item = batch.get(i);
                    if (!item.done().complete(applied.get(i)) && item.insert()) {
                        abandoned(item);
                    }
                }
                if (failures > 0) {
                    LOG.infof("call changes are written again after %d failed attempts", failures);
                }
                return;
            } catch (RuntimeException e) {
                if (WriteAttempt.refusedByTheDatabase(e) && batch.size() > 1) {
                    // one change the database refuses must not hold back the others: write them one by one
                    for (Item item : batch) {
                        writeUntilDone(new ArrayList<>(List.of(item)));
                    }
                    return;
                }
                if (WriteAttempt.refusedByTheDatabase(e)) {
                    Item refused = batch.get(0);
                    LOG.errorf(e, "%s was refused by the database and is dropped", refused.row() != null
                            ? "a change of call " + refused.row().id()
                            : "the answer of create request " + (refused.answer() == null ? "-" : refused.answer().key()));
                    batch.get(0).done().completeExceptionally(e);
                    return;
                }
                if (failures++ == 0) {
                    LOG.warnf("call changes wait: the database did not take them (%s); retrying every %d ms",
                            WriteAttempt.reason(e), WriteAttempt.PAUSE_AFTER_FAILURE_MS);
                }
                if (!running) {
                    batch.forEach(item -> item.done().completeExceptionally(e));
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(WriteAttempt.PAUSE_AFTER_FAILURE_MS);
            }
        }
    }

    /** A new call stored after its creator stopped waiting: nobody dials it, so it ends now with the reason. */
    private void abandoned(Item item) {
        Call ended = CallChanges.hangup(item.row(), new CallChanges.Hangup("failed", "local",
                "The call was stored too late (the database was slow) and was not placed.", Instant.now(), null,
                null, null));
        LOG.warnf("call %s was stored after its request gave up waiting; it is ended as failed", item.row().id());
        queue.add(new Item(ended, false, "call_hangup", item.requestId(), null, null, new CompletableFuture<>()));
    }

    /**
     * One transaction: the new rows, then the changed ones, then the events of those that were stored, then the new
     * rows' create-request marks (so a stored call is always named by its request, see CreateOnce#placing), then the
     * create requests' answers. Per item: whether its row was stored. A new call whose creator already gave up is
     * left out. An attempt whose answer does not come is settled by engine/WriteAttempt instead of written twice.
     */
    private List<Boolean> write(List<Item> batch) throws InterruptedException {
        List<Item> inserts = batch.stream().filter(i -> i.row() != null && i.insert() && !i.done().isCancelled())
                .toList();
        List<Item> updates = batch.stream().filter(i -> i.row() != null && !i.insert()).toList();
        List<Item> latest = latestPerCall(updates);
        List<Item> answers = batch.stream().filter(i -> i.answer() != null).toList();
        Instant now = Instant.now();
        Map<Item, Boolean> stored = new IdentityHashMap<>();
        List<OutboxEvent> events = new ArrayList<>();
        if (!inserts.isEmpty() || !updates.isEmpty() || !answers.isEmpty()) {
            WriteAttempt.write(pool, conn -> batch(conn, INSERT_CALL,
                            inserts.stream().map(CallWriter::insertOf).toList())
                    .invoke(result -> inserts.forEach(i -> stored.put(i, true)))
                    .chain(ignored -> batch(conn, UPDATE, latest.stream().map(CallWriter::updateOf).toList()))
                    .invoke(result -> {
                        List<Boolean> matched = matched(result, latest.size());
                        Map<UUID, Boolean> byCall = new HashMap<>();
                        for (int i = 0; i < latest.size(); i++) {
                            byCall.put(latest.get(i).row().id(), matched.get(i));
                        }
                        updates.forEach(u -> stored.put(u, byCall.get(u.row().id())));
                        batch.stream().filter(i -> i.event() != null && stored.getOrDefault(i, false))
                                .forEach(i -> events.add(new OutboxEvent(0, i.event(), i.requestId(), json(i.row()),
                                        customerOf(i.row()))));
                    })
                    .chain(ignored -> batch(conn, INSERT_EVENT, events.stream()
                            .map(e -> Tuple.of(instanceId, e.type(), e.requestId(), e.dataJson(), e.customerId(),
                                    Times.utc(now)))
                            .toList()))
                    .invoke(result -> numbered(events, result))
                    .chain(ignored -> batch(conn, CreateOnce.WRITE_MARK, inserts.stream()
                            .filter(i -> i.mark() != null)
                            .map(i -> Tuple.of(i.mark().key(), i.mark().result())).toList()))
                    .chain(ignored -> batch(conn, CreateOnce.WRITE_ANSWER, answers.stream()
                            .map(i -> Tuple.of(i.answer().key(), i.answer().json())).toList())),
                    () -> running, "a batch of call changes");
        }
        List<Boolean> applied = new ArrayList<>(batch.size());
        for (Item item : batch) {
            applied.add(item.row() == null || stored.getOrDefault(item, false));
        }
        outbox.committed(events);
        return applied;
    }

    /** The events with the numbers their rows were given, in order (one row of {@code returning seq} each). */
    private static void numbered(List<OutboxEvent> events, RowSet<Row> result) {
        RowSet<Row> r = result;
        for (int i = 0; i < events.size(); i++, r = r.next()) {
            OutboxEvent e = events.get(i);
            events.set(i, new OutboxEvent(r.iterator().next().getLong(0), e.type(), e.requestId(), e.dataJson(),
                    e.customerId()));
        }
    }

    /**
     * The last queued change of each call, in the order of first appearance. Each change carries the whole row after
     * it (the engine chains them on the call in memory), so the last one holds every earlier one of the batch: a call
     * answered at once (INVITE out, 180, 200 within a few ms) was three UPDATEs of one row in one transaction, each a
     * new row version with an entry in each of its five indexes (status is in their predicates: no HOT update), and
     * is one now. Every earlier change shares the last one's outcome: the guard {@link #NOT_HUNG_UP} matches
     * for all of them or for none, since no change follows a hangup. Their events are all written, in order.
     */
    static List<Item> latestPerCall(List<Item> updates) {
        Map<UUID, Item> latest = new LinkedHashMap<>();
        for (Item u : updates) {
            latest.put(u.row().id(), u);
        }
        return latest.size() == updates.size() ? updates : List.copyOf(latest.values());
    }

    /** One pipelined batch of a statement (nothing when there are no rows). */
    private static Uni<RowSet<Row>> batch(SqlConnection conn, String sql, List<Tuple> rows) {
        return rows.isEmpty() ? Uni.createFrom().nullItem() : conn.preparedQuery(sql).executeBatch(rows);
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

    private static Tuple insertOf(Item item) {
        Call c = item.row();
        return Tuple.tuple().addUUID(c.id()).addUUID(c.customerId()).addUUID(c.flowId()).addUUID(c.activeflowId())
                .addString(c.type()).addUUID(c.masterCallId()).addUUID(c.groupcallId())
                .addString(ADDRESS.convertToDatabaseColumn(c.source()))
                .addString(ADDRESS.convertToDatabaseColumn(c.destination())).addString(c.status().wire())
                .addString(FIELDS.convertToDatabaseColumn(c.metadata()))
                .addString(c.action() == null ? null : json(c.action())).addString(c.direction())
                .addString(c.hangupBy()).addString(c.hangupReason()).addString(c.hangupCause())
                .addString(c.anonymous()).addUUID(c.dialrouteId())
                .addString(DIALROUTES.convertToDatabaseColumn(c.dialroutes())).addUUID(c.providerId())
                .addString(c.sipCallId()).addInteger(c.sipStatusCode()).addString(c.sipReason())
                .addString(c.rtpStats() == null ? null : json(c.rtpStats())).addString(c.ownerInstance())
                .addOffsetDateTime(Times.utc(c.tmRinging())).addOffsetDateTime(Times.utc(c.tmProgressing()))
                .addOffsetDateTime(Times.utc(c.tmHangup())).addOffsetDateTime(Times.utc(c.tmCreate()))
                .addOffsetDateTime(Times.utc(c.tmUpdate())).addOffsetDateTime(Times.utc(c.tmDelete()));
    }

    private static Tuple updateOf(Item item) {
        Call c = item.row();
        return Tuple.tuple().addUUID(c.id()).addString(c.status().wire()).addString(c.sipCallId())
                .addUUID(c.dialrouteId()).addUUID(c.providerId()).addUUID(c.flowId()).addUUID(c.activeflowId())
                .addString(c.action() == null ? null : json(c.action())).addString(c.hangupBy())
                .addString(c.hangupReason()).addString(c.hangupCause()).addInteger(c.sipStatusCode())
                .addString(c.sipReason()).addString(c.rtpStats() == null ? null : json(c.rtpStats()))
                .addOffsetDateTime(Times.utc(c.tmRinging())).addOffsetDateTime(Times.utc(c.tmProgressing()))
                .addOffsetDateTime(Times.utc(c.tmHangup())).addOffsetDateTime(Times.utc(c.tmUpdate()));
    }

    /** The customer a call's event names (its routing header), as {@code EventEnvelope.customerOf} reads it. */
    private static String customerOf(Call c) {
        return c.customerId() == null ? null : c.customerId().toString();
    }

    private static String json(Object value) {
        return new String(Json.bytes(value), StandardCharsets.UTF_8);
    }
}
