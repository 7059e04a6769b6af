package io.provtest.call.sip;

import io.provtest.common.db.Jdbc;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps every SIP message of a call, with its time and direction, readable while the call runs. Messages are
 * queued by the SIP threads and written in batches by one writer, so tracing never stalls signalling.
 */
@Singleton
public class SipTraceRecorder {

    private static final Logger LOG = Logger.getLogger(SipTraceRecorder.class);
    private static final int MAX_QUEUED = 100_000;
    /**
     * Within one millisecond the stack may log a response it received before the request we sent that caused it
     * (the send is logged after the socket write, the receipt on another thread). A request we initiate (not an
     * ACK) is put first within its millisecond; everything else keeps capture order.
     */
    private static final String CAUSAL_ORDER = "case when direction = 'sent' and first_line not like 'SIP/2.0%'"
            + " and first_line not like 'ACK %' then 0 else 1 end";

    private final Jdbc jdbc;
    private final Map<String, UUID> callsBySipCallId = new ConcurrentHashMap<>();
    private final BlockingQueue<SipMessageRecord> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final java.util.concurrent.atomic.AtomicLong captured = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong settled = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running;
    private Thread writer;

    public SipTraceRecorder(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
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
        } else {
            LOG.warnf("SIP trace queue full: dropped a message of call %s", callId);
        }
    }

    public List<SipMessageRecord> messages(UUID callId) {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select call_id, sip_call_id, tm, direction, local_addr,"
                    + " remote_addr, first_line, raw from sip_message where call_id = ? order by tm, " + CAUSAL_ORDER + ", id")) {
                ps.setObject(1, callId);
                return Jdbc.all(ps, rs -> new SipMessageRecord(rs.getObject("call_id", UUID.class),
                        rs.getString("sip_call_id"), Jdbc.instant(rs, "tm"), rs.getString("direction"),
                        rs.getString("local_addr"), rs.getString("remote_addr"), rs.getString("first_line"),
                        rs.getString("raw")));
            }
        });
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
                batch.add(first);
                queue.drainTo(batch, 499);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("could not store %d SIP trace messages: %s", batch.size(), e.getMessage());
            } finally {
                settled.addAndGet(batch.size());
                batch.clear();
            }
        }
    }

    private void write(List<SipMessageRecord> batch) {
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into sip_message (call_id, sip_call_id, tm,"
                    + " direction, local_addr, remote_addr, first_line, raw) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (SipMessageRecord r : batch) {
                    ps.setObject(1, r.callId());
                    ps.setString(2, r.sipCallId());
                    ps.setObject(3, Jdbc.utc(r.tm()));
                    ps.setString(4, r.direction());
                    ps.setString(5, r.localAddr());
                    ps.setString(6, r.remoteAddr());
                    ps.setString(7, r.firstLine());
                    ps.setString(8, r.raw());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }
}
