package io.provtest.common.amqp;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The durable queues SmallRye's RabbitMQ connector declares for this service's incoming channels (the shared event
 * queues: route-manager's {@code call-hangups}, {@code providercall-ends} and {@code provider-probes}, the gateway's
 * webhook queues), put through the check common-model's own queues get ({@link QueueDeclarations}) before the
 * connector starts. The connector declares them itself; when one exists with another type (a system moved between
 * {@code BROKER_QUEUE_TYPE=classic} and {@code quorum}) the broker refuses its declaration and the connector keeps
 * retrying while the service runs without consuming: call hang-ups not billed, reports not announced, webhooks not
 * sent, and nothing that says why. Checked first, such a queue is replaced when that loses nothing (no consumer, no
 * message), and otherwise start-up stops with a message naming the queue and what to do.
 *
 * <p>Runs after {@link Broker} connects (priority 10) and before SmallRye Reactive Messaging starts its channels
 * (Quarkus' messaging lifecycle observes the start at {@code Interceptor.Priority.LIBRARY_BEFORE}, 1000).
 */
@Singleton
public class ConnectorQueues {

    static final String CONNECTOR = "smallrye-rabbitmq";
    private static final String INCOMING = "mp.messaging.incoming.";
    private static final String CONNECTOR_LEVEL = "mp.messaging.connector." + CONNECTOR + ".";
    /**
     * The connector's attributes that add arguments to the queue it declares, besides {@code queue.x-queue-type}: not
     * modelled here, so a channel that sets one is refused at start rather than checked against the wrong arguments.
     */
    static final List<String> UNMODELLED = List.of("queue.ttl", "queue.single-active-consumer", "queue.x-queue-mode",
            "queue.x-max-priority", "queue.x-delivery-limit", "queue.arguments", "auto-bind-dlq");

    private final Broker broker;
    private final Config config;

    public ConnectorQueues(Broker broker, Config config) {
        this.broker = broker;
        this.config = config;
    }

    void onStart(@Observes @Priority(20) StartupEvent event) throws IOException {
        for (QueueSpec spec : durableQueues()) {
            broker.ensure(spec);
        }
    }

    /** This service's durable connector queues, as the connector will declare them. */
    public List<QueueSpec> durableQueues() {
        return durableQueues(config.getPropertyNames(), name -> config.getOptionalValue(name, String.class));
    }

    /**
     * Pure: the durable queues the connector declares for the incoming channels among {@code names}, with the
     * arguments it declares them with, read as it reads them (the channel's attribute, else the connector-level one,
     * else the connector's default: durable, not exclusive, not auto-delete, the queue named as the channel, declared).
     * Exclusive and non-durable queues are left out: they end with the connection that declared them.
     */
    static List<QueueSpec> durableQueues(Iterable<String> names, Function<String, Optional<String>> value) {
        TreeSet<String> channels = new TreeSet<>();
        for (String name : names) {
            if (name.startsWith(INCOMING) && name.endsWith(".connector")) {
                String channel = name.substring(INCOMING.length(), name.length() - ".connector".length());
                if (value.apply(name).filter(CONNECTOR::equals).isPresent()) {
                    channels.add(channel);
                }
            }
        }
        List<QueueSpec> queues = new ArrayList<>();
        for (String channel : channels) {
            Function<String, Optional<String>> attribute = key -> value.apply(INCOMING + channel + "." + key)
                    .or(() -> value.apply(CONNECTOR_LEVEL + key));
            boolean declared = flag(attribute, "queue.declare", true);
            boolean durable = flag(attribute, "queue.durable", true);
            boolean exclusive = flag(attribute, "queue.exclusive", false);
            if (!declared || !durable || exclusive) {
                continue;
            }
            for (String key : UNMODELLED) {
                if (attribute.apply(key).isPresent()) {
                    throw new IllegalStateException("incoming channel '" + channel + "' sets " + key + ": its queue's "
                            + "arguments are not checked before the connector declares it (ConnectorQueues models "
                            + "queue.x-queue-type only); add the attribute to ConnectorQueues.durableQueues");
                }
            }
            String queue = attribute.apply("queue.name").orElse(channel);
            boolean autoDelete = flag(attribute, "queue.auto-delete", false);
            Map<String, Object> arguments = attribute.apply("queue.x-queue-type")
                    .<Map<String, Object>>map(type -> Map.of("x-queue-type", type)).orElse(Map.of());
            queues.add(new QueueSpec(queue, true, autoDelete, arguments, null, false));
        }
        return queues;
    }

    private static boolean flag(Function<String, Optional<String>> attribute, String key, boolean otherwise) {
        return attribute.apply(key).map(Boolean::parseBoolean).orElse(otherwise);
    }
}
