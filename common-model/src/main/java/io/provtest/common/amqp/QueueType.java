package io.provtest.common.amqp;

/**
 * The RabbitMQ type of the durable queues (request queues, their dead-letter queues, shared event queues).
 * Classic suits the single node of the local run; quorum queues are replicated across a RabbitMQ cluster (3.10 or
 * later: per-message TTL on quorum queues arrived there) and count deliveries, so a request that keeps failing is
 * dead-lettered after {@link BrokerConfig#deliveryLimit()} deliveries.
 */
public enum QueueType {
    CLASSIC,
    QUORUM
}
