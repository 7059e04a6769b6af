package io.provtest.route.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventEnvelope;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.request.RequestIds;
import io.provtest.common.rpc.RpcContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * call-manager's {@code call_hangup} events on the SmallRye RabbitMQ channel {@value #CHANNEL}: the durable queue
 * {@code route-manager.call-hangups} shared by every replica (each event handled by one; see
 * application.properties), each answered call charged through {@link ChargeService}.
 *
 * <p>Handled one at a time on this bean's own plain thread, not on a Vert.x worker ({@code @Blocking}): {@code Db}
 * is made for plain threads, and the first event published from a Vert.x worker context, which opens the events
 * channel's connection, never got its confirm. The message is acknowledged when the returned stage completes.
 *
 * <p>Nothing is lost: a message is acknowledged only after its charge committed (or was found already charged, or
 * the call is not billable). A charge that failed on the database is thrown after a pause, and the channel's
 * {@code failure-strategy=requeue} puts the message back for another try; an unreadable message is logged and
 * acknowledged (it can never succeed).
 */
@ApplicationScoped
public class CallHangups {

    public static final String CHANNEL = "call-hangups";
    private static final Logger LOG = Logger.getLogger(CallHangups.class);
    private static final long RETRY_PAUSE_MS = 1000;

    private final ChargeService charges;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "billing-charges");
        t.setDaemon(true);
        return t;
    });

    public CallHangups(ChargeService charges) {
        this.charges = charges;
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onHangup(byte[] body) {
        return CompletableFuture.runAsync(() -> handle(body), worker);
    }

    void handle(byte[] body) {
        EventEnvelope event;
        ChargeService.EndedCall call;
        try {
            event = Json.MAPPER.readValue(body, EventEnvelope.class);
            call = parse(event.data());
        } catch (Exception e) {
            LOG.warnf("an unreadable message on %s was dropped: %s", CHANNEL, e.getMessage());
            return;
        }
        if (call == null) {
            return;
        }
        try (RpcContext.Scope ignored = RpcContext.open(RequestIds.echoOrGenerate(event.requestId()), null)) {
            charges.charge(call);
        } catch (ServiceException e) {
            LOG.warnf("call %s not charged yet (%s); the event goes back to the queue", call.callId(),
                    e.error().reason());
            pause();
            throw e;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The wire shape of the call in a call_hangup event, as far as billing reads it. */
    record CallData(UUID id, UUID customerId, String direction, Address destination, Instant tmProgressing,
                    Instant tmHangup) {
    }

    /** The ended call in an event's data, or null when it names no call or customer. */
    static ChargeService.EndedCall parse(JsonNode data) throws Exception {
        if (data == null || !data.isObject()) {
            return null;
        }
        CallData c = Json.MAPPER.treeToValue(data, CallData.class);
        if (c.id() == null || c.customerId() == null) {
            return null;
        }
        return new ChargeService.EndedCall(c.id(), c.customerId(), c.direction(), c.destination(), c.tmProgressing(),
                c.tmHangup());
    }
}
