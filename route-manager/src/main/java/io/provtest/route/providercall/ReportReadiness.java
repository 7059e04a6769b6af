package io.provtest.route.providercall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Announces {@code providercall_report_ready} once per provider call, when its report is complete (every call and
 * groupcall it placed has ended): the report itself (as {@code GET /v1.0/providercalls/{id}/report} shows it) plus
 * {@code customer_id} and {@code provider_id}, on {@code route-manager.events}, where the gateway's webhooks take it.
 *
 * <p>What wakes it: call-manager's {@code call_hangup} and {@code groupcall_hangup} on the SmallRye RabbitMQ channel
 * {@value #CHANNEL} (durable queue {@code route-manager.providercall-ends}, shared by every replica); the end of the
 * orchestration (its calls may all have ended before the record settled, when their events found nothing to do);
 * and a look at the last day's unannounced records at start (a replica that stopped in between). Once: the event is
 * confirmed by the broker inside the transaction whose conditional update sets {@code tm_report_ready}, so a second
 * replica or a redelivered event finds it set and does nothing, and a refused event rolls the mark back (the message
 * is requeued and tried again).
 *
 * <p>Handled one at a time on this bean's own plain thread ({@code Db} and the report's RPC wait; see
 * {@code CallHangups} for why not a Vert.x worker).
 */
@ApplicationScoped
public class ReportReadiness {

    public static final String CHANNEL = "providercall-ends";
    public static final String EVENT = "providercall_report_ready";
    private static final Logger LOG = Logger.getLogger(ReportReadiness.class);
    private static final Duration START_LOOKBACK = Duration.ofHours(24);
    private static final long RETRY_PAUSE_MS = 1000;

    private final ProviderCallRepository records;
    private final ProviderCallClients clients;
    private final EventPublisher events;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "providercall-reports");
        t.setDaemon(true);
        return t;
    });

    public ReportReadiness(ProviderCallRepository records, ProviderCallClients clients, EventPublisher events) {
        this.records = records;
        this.clients = clients;
        this.events = events;
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

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onEnded(byte[] body) {
        return CompletableFuture.runAsync(() -> handle(body), worker);
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
        try (RpcContext.Scope ignored = RpcContext.open(RequestIds.echoOrGenerate(event.requestId()), null)) {
            for (SettledRecord record : Db.statements(() -> records.awaitingReport(groupcall, UUID.fromString(id)))) {
                announceIfComplete(record);
            }
        } catch (ServiceException e) {
            LOG.warnf("the report after %s %s is not announced yet (%s); the event goes back to the queue",
                    event.type(), id, e.error().reason());
            pause();
            throw e;
        }
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
