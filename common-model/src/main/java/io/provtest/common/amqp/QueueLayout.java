package io.provtest.common.amqp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How each kind of queue is declared, decided from the broker settings alone (pure; {@link Broker#declare} puts a
 * spec on the broker).
 *
 * <ul>
 * <li>A request queue is consumed by every replica. Its dead letters (unparseable requests, requests whose caller's
 * timeout ran out before anyone picked them up: the client sends each with a TTL equal to its timeout) go to
 * {@code <queue>.dead}. That TTL is also what ends a request that kills its consumer on each delivery on a classic
 * queue, which counts no deliveries; a quorum queue additionally dead-letters it after {@code deliveryLimit}
 * deliveries. In classic mode the arguments are the ones the services always declared, so an existing broker needs no
 * migration.</li>
 * <li>A dead-letter queue is bounded by a TTL and a maximum length (the oldest is dropped first), so a caller that
 * keeps timing out cannot fill the broker.</li>
 * <li>An instance's own queue (requests about a live SIP dialog) is classic, non-durable and auto-delete whatever
 * the type: it lives and dies with the instance, and quorum queues can be neither.</li>
 * <li>A shared event queue (one delivery per event across replicas) is declared by SmallRye's RabbitMQ connector
 * from its channel's attributes, durable with {@code x-queue-type} set to the type, and checked first by
 * {@link ConnectorQueues}; it has no delivery limit and no dead-letter queue of its own.</li>
 * </ul>
 */
public record QueueLayout(QueueType type, int deliveryLimit, Duration deadLetterTtl, int deadLetterMaxLength) {

    public static QueueLayout of(BrokerConfig config) {
        return new QueueLayout(config.queueType(), config.deliveryLimit(), config.deadLetterTtl(),
                config.deadLetterMaxLength());
    }

    public QueueLayout {
        if (deliveryLimit < 1) {
            throw new IllegalArgumentException("broker.delivery-limit must be at least 1, was " + deliveryLimit);
        }
        if (deadLetterTtl.toMillis() < 1) {
            throw new IllegalArgumentException("broker.dead-letter-ttl must be positive, was " + deadLetterTtl);
        }
        if (deadLetterMaxLength < 1) {
            throw new IllegalArgumentException(
                    "broker.dead-letter-max-length must be at least 1, was " + deadLetterMaxLength);
        }
    }

    public QueueSpec requestQueue(String name) {
        QueueSpec deadLetters = deadLetterQueue(name + ".dead");
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("x-dead-letter-exchange", "");
        args.put("x-dead-letter-routing-key", deadLetters.name());
        addQuorum(args);
        return new QueueSpec(name, true, false, args, deadLetters, false);
    }

    public QueueSpec deadLetterQueue(String name) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("x-message-ttl", deadLetterTtl.toMillis());
        args.put("x-max-length", deadLetterMaxLength);
        if (type == QueueType.QUORUM) {
            args.put("x-queue-type", "quorum");
        }
        return new QueueSpec(name, true, false, args, null, true);
    }

    public QueueSpec instanceQueue(String name) {
        return new QueueSpec(name, false, true, Map.of(), null, false);
    }

    private void addQuorum(Map<String, Object> args) {
        if (type == QueueType.QUORUM) {
            args.put("x-queue-type", "quorum");
            args.put("x-delivery-limit", deliveryLimit);
        }
    }
}
