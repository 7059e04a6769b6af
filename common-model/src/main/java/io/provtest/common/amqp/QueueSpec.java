package io.provtest.common.amqp;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One queue as this service declares it.
 *
 * @param deadLetters the queue its dead letters go to, declared before it; null when it has none
 * @param disposable  what it holds may be dropped when the queue has to be replaced (dead letters kept for
 *                    inspection); false for a queue holding work (requests, events)
 */
public record QueueSpec(String name, boolean durable, boolean autoDelete, Map<String, Object> arguments,
                        QueueSpec deadLetters, boolean disposable) {

    public QueueSpec {
        arguments = Map.copyOf(arguments);
    }

    /** For messages: {@code durable queue, x-queue-type=quorum, x-delivery-limit=5}, arguments in name order. */
    public String describe() {
        String args = arguments.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        return (durable ? "durable" : "non-durable") + (autoDelete ? " auto-delete" : "") + " queue"
                + (args.isEmpty() ? " without arguments" : ", " + args);
    }
}
