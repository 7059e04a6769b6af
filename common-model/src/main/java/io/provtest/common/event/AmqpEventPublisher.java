package io.provtest.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import io.provtest.common.amqp.Broker;
import io.provtest.common.amqp.KeptChannel;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcConfig;
import io.provtest.common.rpc.RpcContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Persistent events with publisher confirms, tracked asynchronously by sequence number (a broker ack with
 * {@code multiple} settles every earlier one too), so many threads can wait for their confirms at once.
 */
@Singleton
public class AmqpEventPublisher implements EventPublisher {

    private static final Logger LOG = Logger.getLogger(AmqpEventPublisher.class);
    private static final long CONFIRM_TIMEOUT_MS = 5_000;

    private final RpcConfig config;
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> unconfirmed = new ConcurrentSkipListMap<>();
    private final KeptChannel channel;

    public AmqpEventPublisher(Broker broker, RpcConfig config) {
        this.config = config;
        this.channel = broker.keep("event publisher", c -> {
            c.exchangeDeclare(exchange(), BuiltinExchangeType.TOPIC, true);
            c.confirmSelect();
            c.addConfirmListener((seq, multiple) -> settle(seq, multiple, null),
                    (seq, multiple) -> settle(seq, multiple, "the broker refused the event"));
        }, cause -> failAll("the broker connection closed before confirming"));
    }

    public String exchange() {
        return config.serviceName() + ".events";
    }

    void onStart(@Observes @Priority(20) StartupEvent event) throws IOException {
        channel.get();
    }

    @Override
    public void publish(String type, Object data) {
        try {
            send(type, RpcContext.currentRequestId(), data == null ? null : Json.tree(data))
                    .get(CONFIRM_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("event %s not confirmed: %s", type, e.getCause() == null ? e : e.getCause().getMessage());
            throw notConfirmed(type);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notConfirmed(type);
        }
    }

    @Override
    public CompletableFuture<Void> send(String type, String requestId, JsonNode data) {
        EventEnvelope envelope = new EventEnvelope(type, config.serviceName(), requestId, data);
        byte[] body = Json.bytes(envelope);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2).type(type).build();
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        try {
            Channel c = channel.get();
            synchronized (c) {
                unconfirmed.put(c.getNextPublishSeqNo(), confirmed);
                c.basicPublish(exchange(), type, props, body);
            }
        } catch (IOException | RuntimeException e) {
            confirmed.completeExceptionally(e);
        }
        return confirmed.orTimeout(CONFIRM_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private static ServiceException notConfirmed(String type) {
        return new ServiceException(ErrorStatus.UNAVAILABLE, "EVENT_NOT_CONFIRMED",
                "The message broker did not confirm the " + type + " event.");
    }

    private void settle(long seq, boolean multiple, String failure) {
        ConcurrentNavigableMap<Long, CompletableFuture<Void>> done =
                multiple ? unconfirmed.headMap(seq, true) : unconfirmed.subMap(seq, true, seq, true);
        done.values().forEach(f -> {
            if (failure == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(new IllegalStateException(failure));
            }
        });
        done.clear();
    }

    /** Sequence numbers restart on a recovered or new channel: whatever was unconfirmed will never be. */
    private void failAll(String reason) {
        unconfirmed.values().forEach(f -> f.completeExceptionally(new IllegalStateException(reason)));
        unconfirmed.clear();
    }
}
