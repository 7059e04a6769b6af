package io.provtest.route.billing;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventEnvelope;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.request.RequestIds;
import io.provtest.common.rpc.RpcContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * call-manager's {@code call_hangup} events on the SmallRye RabbitMQ channel {@value #CHANNEL}: the durable queue
 * {@code route-manager.call-hangups} shared by every replica (each event handled by one; see
 * application.properties), the answered calls charged through {@link ChargeService}.
 *
 * <p>Charged in batches on this bean's own plain thread, not on a Vert.x worker ({@code @Blocking}): {@code Db} is
 * made for plain threads (which thread sends the first event no longer matters: common-model's
 * MessagingEventPublisher opens the events channel from a plain thread of its own). Each message is handed to that
 * thread as it arrives, and the thread charges whatever has arrived since its last batch in one transaction
 * ({@link ChargeService#chargeAll}): one at a time when calls end slowly, up to the channel's
 * {@code max-outstanding-messages} under load, with no wait added.
 *
 * <p>Nothing is lost: a message is acknowledged only after its charge committed (or was found already charged, or
 * the call is not billable). When a batch fails, its calls are charged one at a time; a charge that still fails on
 * the database is given back after a pause ({@code failure-strategy=requeue} puts the message back for another try).
 * An unreadable message is logged and acknowledged (it can never succeed).
 */
@ApplicationScoped
public class CallHangups {

    public static final String CHANNEL = "call-hangups";
    private static final Logger LOG = Logger.getLogger(CallHangups.class);
    private static final long RETRY_PAUSE_MS = 1000;
    /** At most this many hangups per transaction (the channel's max-outstanding-messages bounds it too). */
    static final int BATCH = 64;

    private final ChargeService charges;
    private final BlockingQueue<Message<byte[]>> arrived = new LinkedBlockingQueue<>();
    private final Thread worker;
    /** Transactions tried (tests: hangups that arrive together share one). */
    private final AtomicLong transactions = new AtomicLong();

    public CallHangups(ChargeService charges) {
        this.charges = charges;
        this.worker = new Thread(this::chargeLoop, "billing-charges");
        this.worker.setDaemon(true);
    }

    void onStart(@Observes StartupEvent event) {
        worker.start();
    }

    @PreDestroy
    void stop() {
        // what is not acknowledged goes back to the queue when the channel closes
        worker.interrupt();
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onHangup(Message<byte[]> message) {
        arrived.add(message);
        return CompletableFuture.completedFuture(null);
    }

    private void chargeLoop() {
        List<Message<byte[]>> batch = new ArrayList<>(BATCH);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(arrived.take());
                arrived.drainTo(batch, BATCH - 1);
                charge(batch);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // charge() gives every failure back itself: this is a bug, and the messages go back to the queue
                LOG.errorf(e, "charging a batch of %d hangups failed", batch.size());
                batch.forEach(m -> m.nack(e));
            } finally {
                batch.clear();
            }
        }
    }

    long transactions() {
        return transactions.get();
    }

    /** Charges a batch (see the class); every message is acknowledged or given back when this returns. */
    void charge(List<Message<byte[]>> messages) {
        List<Message<byte[]>> billable = new ArrayList<>();
        List<ChargeService.Hangup> hangups = new ArrayList<>();
        for (Message<byte[]> m : messages) {
            ChargeService.Hangup hangup = read(m.getPayload());
            if (hangup == null) {
                m.ack();
            } else {
                billable.add(m);
                hangups.add(hangup);
            }
        }
        if (hangups.isEmpty()) {
            return;
        }
        try (RpcContext.Scope ignored = RpcContext.open(hangups.get(0).requestId(), null)) {
            transactions.incrementAndGet();
            charges.chargeAll(hangups);
            billable.forEach(Message::ack);
            return;
        } catch (RuntimeException e) {
            if (hangups.size() == 1) {
                givenBack(billable.get(0), hangups.get(0), e);
                return;
            }
            LOG.infof("a batch of %d charges failed (%s); charged one at a time", hangups.size(), reason(e));
        }
        for (int i = 0; i < hangups.size(); i++) {
            ChargeService.Hangup hangup = hangups.get(i);
            try (RpcContext.Scope ignored = RpcContext.open(hangup.requestId(), null)) {
                transactions.incrementAndGet();
                charges.chargeAll(List.of(hangup));
                billable.get(i).ack();
            } catch (RuntimeException e) {
                givenBack(billable.get(i), hangup, e);
            }
        }
    }

    private static String reason(RuntimeException e) {
        return e instanceof ServiceException known ? known.error().reason() : e.toString();
    }

    private static void givenBack(Message<byte[]> message, ChargeService.Hangup hangup, RuntimeException e) {
        LOG.warnf("call %s not charged yet (%s); the event goes back to the queue", hangup.call().callId(),
                reason(e));
        pause();
        message.nack(e);
    }

    /** The hangup to charge, or null when the message is unreadable (logged) or names no call or customer. */
    static ChargeService.Hangup read(byte[] body) {
        try {
            EventEnvelope event = Json.MAPPER.readValue(body, EventEnvelope.class);
            ChargeService.EndedCall call = parse(event.data());
            return call == null ? null : new ChargeService.Hangup(call, RequestIds.echoOrGenerate(event.requestId()));
        } catch (Exception e) {
            LOG.warnf("an unreadable message on %s was dropped: %s", CHANNEL, e.getMessage());
            return null;
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
