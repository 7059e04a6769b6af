package io.provtest.common.event;

import com.rabbitmq.client.BuiltinExchangeType;
import io.provtest.common.amqp.Broker;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcContext;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Consumes another service's events. A handler that throws does not stop the consumer: the event is logged and
 * dropped (events are notifications; the state they describe stays readable over RPC).
 */
@Singleton
public class EventSubscriber {

    private static final Logger LOG = Logger.getLogger(EventSubscriber.class);

    private final Broker broker;

    public EventSubscriber(Broker broker) {
        this.broker = broker;
    }

    /**
     * @param shared true: a durable queue shared by every replica (each event handled once); false: this instance's
     *               own queue, gone with it (every replica sees every event)
     */
    public void subscribe(String exchange, String queue, boolean shared, List<String> types,
                          Consumer<EventEnvelope> handler) throws IOException {
        broker.keep("events on " + queue, channel -> {
            channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
            broker.declare(channel, broker.queues().eventQueue(queue, shared));
            for (String type : types) {
                channel.queueBind(queue, exchange, type);
            }
            channel.basicQos(32);
            channel.basicConsume(queue, false, (tag, delivery) -> {
                try {
                    EventEnvelope event = Json.MAPPER.readValue(delivery.getBody(), EventEnvelope.class);
                    try (RpcContext.Scope ignored = RpcContext.open(event.requestId(), null)) {
                        handler.accept(event);
                    }
                } catch (Exception | LinkageError e) {
                    LOG.warnf(e, "event on %s not handled", queue);
                } finally {
                    channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
                }
            }, tag -> { });
        }).get();
    }
}
