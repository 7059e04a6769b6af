package io.provtest.call.sip;

import io.provtest.call.call.JsonColumns;
import io.provtest.call.engine.Bursts;
import io.provtest.call.engine.WriteAttempt;
import io.provtest.common.db.Db;
import io.provtest.common.time.Times;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps every SIP message of a call, with its time and direction, readable while the call runs. Messages are
 * queued by the SIP threads and written in batches by one writer, so tracing never stalls signalling.
 *
 * <p>The trace is what an operator reads to see why a call failed, so a batch is not lost to a database that fails
 * for a while (a restart, a broken connection, a lock held past the writer's wait): it is written again until the
 * database takes it, and never twice (engine/WriteAttempt settles an unanswered attempt first). Meanwhile messages
 * queue, up to {@link #MAX_QUEUED}; past that, new ones are not kept, with one warning and their count when the
 * queue drains. A message the database refuses for itself is written alone and, if still refused, not kept.
 */
@Singleton
public class SipTraceRecorder {

    private static final Logger LOG = Logger.getLogger(SipTraceRecorder.class);
    /**
     * Messages waiting for the database at most: about 20 MB of heap (a call's messages in the component tests have
     * 428 characters of text on average, 691 at most; with the other fields and the objects, under 1 KB each), some
     * seconds of the busiest load measured; more would crowd call-manager's 256 MB heap while the database is away.
     */
    private static final int MAX_QUEUED = 20_000;
    /**
     * Within one millisecond the stack may log a response it received before the request we sent that caused it
     * (the send is logged after the socket write, the receipt on another thread). A request we initiate (not an
     * ACK) is put first within its millisecond; everything else keeps capture order.
     */
    private static final String CAUSAL_ORDER = causalOrder("firstLine");
    /** A trace's order in SQL (the report's read of several calls' traces in one statement): the same rule. */
    private static final String SELECT_TRACES = "select call_id, sip_call_id, tm, direction, local_addr, remote_addr,"
            + " first_line, raw from " + JsonColumns.SCHEMA + ".sip_message where call_id = any($1)"
            + " order by call_id, tm, " + causalOrder("first_line") + ", id";
    private static final String INSERT = "insert into " + JsonColumns.SCHEMA + ".sip_message (call_id, sip_call_id, tm,"
            + " direction, local_addr, remote_addr, first_line, raw) values ($1, $2, $3, $4, $5, $6, $7, $8)";
    private static final int BATCH = 500;
    /** How long a message with nothing queued behind it waits for more to be written with it (engine/Bursts). */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** A lingering batch stops waiting once it holds this many messages. */
    static final int LINGER_BELOW = 64;

    private final Pool pool;
    private final Map<String, UUID> callsBySipCallId = new ConcurrentHashMap<>();
    private final BlockingQueue<SipMessageRecord> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final java.util.concurrent.atomic.AtomicLong captured = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong settled = new java.util.concurrent.atomic.AtomicLong();
    /** Messages not kept since the queue was last found full (logged once, then counted). */
    private final java.util.concurrent.atomic.AtomicLong notKept = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running;
    private Thread writer;

    public SipTraceRecorder(Pool pool) {
        this.pool = pool;
    }

    void onStart(@Observes StartupEvent event) {
        SipTraceLogger.sink(this::capture);
        running = true;
        writer = new Thread(this::writeLoop, "sip-trace-writer");
        writer.setDaemon(true);
        writer.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.join(2_000);
        }
    }

    /** Messages with this Call-ID belong to this call from now on. */
    public void track(String sipCallId, UUID callId) {
        callsBySipCallId.put(sipCallId, callId);
    }

    /** Late retransmissions after the end are still worth keeping, so the mapping is dropped by the caller later. */
    public void untrack(String sipCallId) {
        callsBySipCallId.remove(sipCallId);
    }

    void capture(SipTraceLogger.Captured captured) {
        if (captured.message().getCallId() == null) {
            return;
        }
        String sipCallId = captured.message().getCallId().getCallId();
        UUID callId = callsBySipCallId.get(sipCallId);
        if (callId == null) {
            return; // not a call's message (e.g. an OPTIONS probe)
        }
        String local = captured.sent() ? captured.from() : captured.to();
        String remote = captured.sent() ? captured.to() : captured.from();
        SipMessageRecord record = new SipMessageRecord(callId, sipCallId,
                Instant.ofEpochMilli(captured.time()).truncatedTo(ChronoUnit.MILLIS),
                captured.sent() ? "sent" : "received", String.valueOf(local), String.valueOf(remote),
                captured.message().getFirstLine().trim(), captured.message().encode());
        if (queue.offer(record)) {
            this.captured.incrementAndGet();
        } else if (notKept.getAndIncrement() == 0) {
            LOG.warnf("SIP trace queue full (%d messages wait for the database): new messages are not kept until it"
                    + " drains (first: one of call %s)", MAX_QUEUED, callId);
        }
    }

    public List<SipMessageRecord> messages(UUID callId) {
        return Db.read(() -> SipMessageEntity.<SipMessageEntity>list(
                "callId = ?1 order by tm, " + CAUSAL_ORDER + ", id", callId))
                .stream().map(SipMessageEntity::toRecord).toList();
    }

    /**
     * The traces of several calls in one statement on the reactive client (the report's read: a Hibernate session per
     * call cost more than the rows), each in the order of {@link #messages(UUID)}; a call without messages is absent.
     */
    public Uni<Map<UUID, List<SipMessageRecord>>> traces(Collection<UUID> callIds) {
        return pool.preparedQuery(SELECT_TRACES).execute(Tuple.of(callIds.toArray(new UUID[0]))).map(rows -> {
            Map<UUID, List<SipMessageRecord>> byCall = new HashMap<>();
            for (Row r : rows) {
                byCall.computeIfAbsent(r.getUUID(0), k -> new ArrayList<>()).add(new SipMessageRecord(r.getUUID(0),
                        r.getString(1), Times.instant(r.getOffsetDateTime(2)), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), r.getString(7)));
            }
            return byCall;
        });
    }

    /** The ORDER BY term of a trace's causal order ({@link #CAUSAL_ORDER}) over the given first-line column. */
    private static String causalOrder(String firstLine) {
        return "case when direction = 'sent' and " + firstLine + " not like 'SIP/2.0%' and " + firstLine
                + " not like 'ACK %' then 0 else 1 end";
    }

    /** Blocks until what was captured so far is stored (for readers that must see a complete trace). */
    public void flush() {
        long target = captured.get();
        long deadline = System.currentTimeMillis() + 2_000;
        while (settled.get() < target && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeLoop() {
        List<SipMessageRecord> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                SipMessageRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                // a call's messages come in bursts; readers of a whole trace wait for it (flush), the linger longer
                Bursts.gather(first, queue, batch, BATCH, LINGER_BELOW, LINGER_NANOS, m -> true);
                writeUntilDone(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("%d SIP trace messages were not stored before call-manager stopped: %s", batch.size(),
                        WriteAttempt.reason(e));
            } finally {
                settled.addAndGet(batch.size());
                batch.clear();
            }
        }
    }

    /**
     * Writes a batch until the database takes it (CallWriter does the same for calls): a failure that may pass is
     * tried again after a pause (once engine/WriteAttempt knows the attempt did not commit); a batch the database
     * refuses is written message by message, so that one bad message does not lose the others. Gives up only when
     * call-manager stops (throws).
     */
    private void writeUntilDone(List<SipMessageRecord> batch) throws InterruptedException {
        int failures = 0;
        while (true) {
            try {
                write(batch);
                if (failures > 0) {
                    LOG.infof("SIP trace messages are written again after %d failed attempts", failures);
                }
                long lost = notKept.getAndSet(0);
                if (lost > 0) {
                    LOG.warnf("SIP trace: %d messages were not kept while the queue was full", lost);
                }
                return;
            } catch (RuntimeException e) {
                if (WriteAttempt.refusedByTheDatabase(e)) {
                    if (batch.size() > 1) {
                        for (SipMessageRecord m : batch) {
                            writeUntilDone(List.of(m));
                        }
                    } else {
                        LOG.warnf("a SIP message of call %s was refused by the database and is not kept: %s",
                                batch.get(0).callId(), e.getMessage());
                    }
                    return;
                }
                if (failures++ == 0) {
                    LOG.warnf("SIP trace messages wait: the database did not take them (%s); retrying every %d ms",
                            WriteAttempt.reason(e), WriteAttempt.PAUSE_AFTER_FAILURE_MS);
                }
                if (!running) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(WriteAttempt.PAUSE_AFTER_FAILURE_MS);
            }
        }
    }

    /**
     * One multi-row batch on the reactive client's pool, not through Hibernate: sip_message's id is a bigserial
     * (IDENTITY), and Hibernate cannot batch inserts of identity-keyed entities (it needs each generated id back), so
     * a burst of messages would cost one round trip per message. In a transaction of its own (engine/WriteAttempt), so
     * that an attempt whose answer does not come is settled, not written twice. The writer is a plain thread, so it
     * may wait here.
     */
    private void write(List<SipMessageRecord> batch) throws InterruptedException {
        List<Tuple> rows = new ArrayList<>(batch.size());
        for (SipMessageRecord r : batch) {
            rows.add(Tuple.tuple().addUUID(r.callId()).addString(r.sipCallId())
                    .addOffsetDateTime(r.tm().atOffset(ZoneOffset.UTC)).addString(r.direction())
                    .addString(r.localAddr()).addString(r.remoteAddr()).addString(r.firstLine()).addString(r.raw()));
        }
        WriteAttempt.write(pool, conn -> conn.preparedQuery(INSERT).executeBatch(rows), () -> running,
                "a batch of SIP trace messages");
    }
}
