package io.provtest.route.providercall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.common.api.call.CallsCreated;
import io.provtest.common.db.Db;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventEnvelope;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.json.Json;
import io.provtest.common.request.Ids;
import io.provtest.common.request.RequestIds;
import io.provtest.common.rpc.RpcContext;
import io.provtest.common.time.Times;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Announces {@code providercall_report_ready} once per provider call, when its report is complete (every call and
 * groupcall it placed has ended): the report itself (as {@code GET /v1.0/providercalls/{id}/report} shows it) plus
 * {@code customer_id} and {@code provider_id}, on {@code route-manager.events}, where the gateway's webhooks take it.
 *
 * <p>What wakes it: call-manager's {@code call_hangup} and {@code groupcall_hangup} on the SmallRye RabbitMQ channel
 * {@value #CHANNEL} (durable queue {@code route-manager.providercall-ends}, shared by every replica); the end of the
 * orchestration, when one of its calls ended before the record settled (the hang-up, which names its provider call
 * in {@code metadata.providercall_id}, found the record pending and marked it: {@link #looksAfterSettle}); a sweep
 * on the reconciliation's tick of the records no hang-up may announce; and a look at the last day's unannounced
 * records at start (a replica that stopped in between). A hang-up that names no provider call (a customer's own
 * calls, flows' calls) is not looked up while calls are tagged ({@code providercall.tag-calls}): every call a
 * provider call placed names it, or its record was settled untagged and is swept. Once: the event is
 * confirmed by the broker inside the transaction whose conditional update sets {@code tm_report_ready}, so a second
 * replica or a redelivered event finds it set and does nothing, and a refused event rolls the mark back (the message
 * is requeued and tried again).
 *
 * <p>Handled on this bean's own plain threads ({@code Db} and the report's RPC wait; see {@code CallHangups} for why
 * not a Vert.x worker), {@code providercall.report-threads} of them (4): the hang-ups of one provider call may be
 * handled at once, as on two replicas, and the conditional update announces once.
 */
@ApplicationScoped
public class ReportReadiness {

    public static final String CHANNEL = "providercall-ends";
    public static final String EVENT = "providercall_report_ready";
    private static final Logger LOG = Logger.getLogger(ReportReadiness.class);
    private static final Duration START_LOOKBACK = Duration.ofHours(24);
    private static final long RETRY_PAUSE_MS = 1000;
    /** How long after its settle a marked record's announcement is left to the settle's own look. */
    private static final Duration SWEEP_AFTER = Duration.ofMinutes(1);

    private final ProviderCallRepository records;
    private final ProviderCallClients clients;
    private final EventPublisher events;
    private final ExecutorService worker;
    /**
     * Whether a hang-up that names no provider call is looked up by its call's id (a GIN search of every record's
     * calls): only while calls are not tagged ({@code providercall.tag-calls=false}, an upgrade). Tagged, every call
     * a provider call placed names it, and a record settled with untagged calls (an older replica's, the
     * reconciliation's) is swept, so the lookup would find nothing for the hang-ups of every other call.
     */
    private final boolean looksUpUntagged;

    public ReportReadiness(ProviderCallRepository records, ProviderCallClients clients, EventPublisher events,
                           ProviderCallConfig config) {
        this.records = records;
        this.clients = clients;
        this.events = events;
        this.looksUpUntagged = !config.tagCalls();
        AtomicInteger n = new AtomicInteger();
        this.worker = Executors.newFixedThreadPool(Math.max(1, config.reportThreads()), r -> {
            Thread t = new Thread(r, "providercall-reports-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void onStart(@Observes StartupEvent event) {
        worker.execute(() -> {
            try {
                lookBack(Times.now().minus(START_LOOKBACK));
            } catch (RuntimeException e) {
                LOG.warnf("the unannounced reports were not looked at: %s", e.getMessage());
            }
        });
    }

    /**
     * Announces the reports of records settled since {@code since} that are complete and were not announced (a
     * replica stopped in between); how many it announced.
     */
    int lookBack(Instant since) {
        int announced = 0;
        for (SettledRecord record : Db.statements(() -> records.reportsPendingSince(since))) {
            announced += quietly(record) ? 1 : 0;
        }
        return announced;
    }

    /**
     * Looks again at the reports of records no hang-up may announce, still unannounced a minute after their settle,
     * settled after {@code since}: those a hang-up marked while pending (the settle's look is their only one, their
     * early hang-ups are gone, and it fails quietly when call-manager or the broker is away, or is lost with a replica
     * that stops), and those settled with calls that do not carry their id (an upgrade's window: their hang-ups name
     * no record and are not looked up). On the reconciliation's tick ({@link PendingReconciler}); how many it
     * announced. A record whose other calls are still up is asked again on the next tick (a few: marked records, and
     * untagged ones only in an upgrade).
     */
    int sweep(Instant now, Instant since) {
        int announced = 0;
        for (SettledRecord record : Db.statements(() -> records.toSweep(now.minus(SWEEP_AFTER), since))) {
            announced += quietly(record) ? 1 : 0;
        }
        return announced;
    }

    /** The sweep at the reconciliation's tick: the last day's records. */
    int sweep() {
        Instant now = Times.now();
        return sweep(now, now.minus(START_LOOKBACK));
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /**
     * Handed to the report threads and answered at once: the channel waits for a subscriber's returned stage before
     * it passes the next message, so returning the handling's own stage kept one hang-up at a time on one thread,
     * about 44 a second under load (bench/README.md, "The reports kept up with"). Now up to the channel's 32
     * unacknowledged hang-ups are handled at once; each is acknowledged once handled, and a failure is nacked and
     * requeued ({@code failure-strategy=requeue}), as the exception it replaced was.
     */
    @Incoming(CHANNEL)
    public CompletionStage<Void> onEnded(Message<byte[]> message) {
        try {
            worker.execute(() -> {
                try {
                    handle(message.getPayload());
                    message.ack();
                } catch (RuntimeException e) {
                    message.nack(e);
                }
            });
        } catch (RejectedExecutionException e) {
            message.nack(e); // stopping: back to the queue for another replica
        }
        return CompletableFuture.completedFuture(null);
    }

    /** After the orchestration settled a record: its calls may have ended already. Never delays the reply. */
    void settled(SettledRecord record) {
        worker.execute(() -> quietly(record));
    }

    void handle(byte[] body) {
        EventEnvelope event;
        try {
            event = Json.MAPPER.readValue(body, EventEnvelope.class);
        } catch (Exception e) {
            LOG.warnf("an unreadable message on %s was dropped: %s", CHANNEL, e.getMessage());
            return;
        }
        String id = event.data() == null ? null : event.data().path("id").asText(null);
        if (!Ids.isUuid(id)) {
            return;
        }
        boolean groupcall = "groupcall_hangup".equals(event.type());
        UUID ended = UUID.fromString(id);
        UUID placedBy = placedBy(event.data());
        if (placedBy == null && !looksUpUntagged) {
            return; // no provider call placed it, or its record was settled untagged and is swept
        }
        try (RpcContext.Scope ignored = RpcContext.open(RequestIds.echoOrGenerate(event.requestId()), null)) {
            for (SettledRecord record : awaiting(placedBy, groupcall, ended)) {
                announceIfComplete(record);
            }
        } catch (ServiceException e) {
            LOG.warnf("the report after %s %s is not announced yet (%s); the event goes back to the queue",
                    event.type(), id, e.error().reason());
            pause();
            throw e;
        }
    }

    /**
     * The settled records awaiting a report that placed {@code ended}. A hang-up that names its provider call and
     * does not find it settled marks it if it is still pending, and then its settle looks at the report; a mark that
     * finds it no longer pending (it waits for a settle in progress) means it settled since the first look, which is
     * made again. Looked up first, since a hang-up almost always comes after the settle (bench/costs.sh at 20 and
     * 100/s: no record marked), so it costs the one statement it did before.
     */
    private List<SettledRecord> awaiting(UUID placedBy, boolean groupcall, UUID ended) {
        if (placedBy == null) {
            // calls untagged for an upgrade: a call no provider call placed, or one placed untagged
            return Db.statements(() -> records.awaitingReport(groupcall, ended));
        }
        List<SettledRecord> found = Db.statements(() -> records.awaitingReport(placedBy, groupcall, ended));
        if (!found.isEmpty() || Db.statements(() -> records.markEndedWhilePending(placedBy))) {
            return found;
        }
        return Db.statements(() -> records.awaitingReport(placedBy, groupcall, ended));
    }

    /** Pure: the provider call a call's or groupcall's event data names ({@code metadata.providercall_id}), or null. */
    static UUID placedBy(JsonNode data) {
        String id = data.path("metadata").path("providercall_id").asText(null);
        return Ids.isUuid(id) ? UUID.fromString(id) : null;
    }

    /**
     * Pure: whether call-manager's answer shows every call and groupcall it placed carrying the record's id, so that
     * each of their hang-ups will name the record. Not when the tag is switched off for an upgrade
     * ({@code providercall.tag-calls}), nor for an answer an older call-manager stored and replays; an answer that
     * lists nothing placed shows no tag either.
     */
    static boolean callsNameIt(UUID recordId, CallsCreated answer) {
        List<CallsCreated.Placed> calls = answer.calls() == null ? List.of() : answer.calls();
        List<CallsCreated.Placed> groupcalls = answer.groupcalls() == null ? List.of() : answer.groupcalls();
        return !(calls.isEmpty() && groupcalls.isEmpty())
                && Stream.concat(calls.stream(), groupcalls.stream()).allMatch(p -> p.taggedWith(recordId));
    }

    /**
     * Pure: whether a record just settled by its orchestration must have its report looked at now. Yes when a
     * hang-up marked it while it was pending, or when its calls do not all name it ({@link #callsNameIt}): their
     * hang-ups could not mark it. Otherwise every hang-up still to come finds the record settled and looks then, so
     * asking call-manager now (its calls are usually still up) is a request per provider call for nothing.
     */
    static boolean looksAfterSettle(boolean endedWhilePending, boolean callsTagged) {
        return endedWhilePending || !callsTagged;
    }

    private boolean quietly(SettledRecord record) {
        try (RpcContext.Scope ignored = RpcContext.open(RequestIds.echoOrGenerate(null), null)) {
            return announceIfComplete(record);
        } catch (RuntimeException e) {
            LOG.warnf("the report of provider call %s is not announced yet: %s", record.id(), e.getMessage());
            return false;
        }
    }

    /**
     * True when this call announced the report; false when it is not complete yet or was announced before. The
     * record is not read again: its calls and owners do not change once it settled, and the mark is conditional.
     */
    boolean announceIfComplete(SettledRecord record) {
        if (!record.mayHaveReport()) {
            return false;
        }
        JsonNode report = clients.completeReport(record.id(), record.callIds(), record.groupcallIds());
        if (!report.path("complete").asBoolean(false) || !(report instanceof ObjectNode data)) {
            return false;
        }
        data.put("customer_id", record.customerId().toString());
        data.put("provider_id", record.providerId().toString());
        return Db.statements(() -> records.markReportReady(record.id(), Times.now(),
                () -> events.publishing(EVENT, data)));
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
