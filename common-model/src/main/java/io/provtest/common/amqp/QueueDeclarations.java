package io.provtest.common.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Puts {@link QueueSpec}s on the broker. RabbitMQ cannot change a queue's type or arguments in place: declaring a
 * queue that exists with others is refused (406 PRECONDITION_FAILED) and the channel that asked is closed. So a
 * durable queue, the only kind that can outlive the process that declared it, is first declared on a spare
 * connection, where a refusal costs nothing. A refused queue is replaced when that loses nothing: a queue of work
 * (requests, events) only when it has no consumer and no message (the broker checks both in the delete itself), a
 * dead-letter queue whatever it holds. Otherwise start-up stops with a message naming the queue and what to do; it
 * never carries on with a queue of another type than the one configured.
 */
final class QueueDeclarations {

    /** Opens a plain connection (no automatic recovery) to the same broker and vhost. */
    @FunctionalInterface
    interface SpareConnections {
        Connection open() throws IOException, TimeoutException;
    }

    @FunctionalInterface
    private interface ChannelWork {
        void on(Channel channel) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(QueueDeclarations.class);

    private final SpareConnections spare;
    private final String virtualHost;

    QueueDeclarations(SpareConnections spare, String virtualHost) {
        this.spare = spare;
        this.virtualHost = virtualHost;
    }

    void declare(Channel channel, QueueSpec spec) throws IOException {
        if (spec.durable()) {
            ensure(spec); // the queue of work first: when it must stay as it is, its dead-letter queue is not touched
        }
        if (spec.deadLetters() != null) {
            declare(channel, spec.deadLetters());
        }
        channel.queueDeclare(spec.name(), spec.durable(), false, spec.autoDelete(), spec.arguments());
    }

    void ensure(QueueSpec spec) throws IOException {
        Refusal refused = onSpare(c -> declareOn(c, spec));
        if (refused == null) {
            return;
        }
        if (refused.code() != AMQP.PRECONDITION_FAILED || onSpare(c -> c.queueDeclarePassive(spec.name())) != null) {
            // not a queue that exists with other arguments (a broker without quorum queues refuses the type itself)
            throw new IOException("declaring queue " + spec.name() + " (" + spec.describe() + ") failed: "
                    + refused.text());
        }
        Refusal notReplaced = onSpare(c -> c.queueDelete(spec.name(), !spec.disposable(), !spec.disposable()));
        if (notReplaced != null) {
            throw new IllegalStateException(mismatch(spec, refused, "it could not be replaced (" + notReplaced.text()
                    + (spec.disposable() ? ")" : "; it is replaced only while no process consumes it and it holds "
                    + "no message)")));
        }
        Refusal again = onSpare(c -> declareOn(c, spec));
        if (again != null) {
            throw new IllegalStateException(mismatch(spec, refused, "it was deleted, but declaring it again failed: "
                    + again.text()));
        }
        LOG.warnf("queue %s existed with another type or other arguments (%s); it was %s and declared again as a %s",
                spec.name(), refused.text(),
                spec.disposable() ? "deleted with its dead letters" : "empty and unused, so deleted", spec.describe());
    }

    /** What the broker answered instead of OK: the reply code and text of the channel or connection close. */
    record Refusal(int code, String text) {
    }

    private String mismatch(QueueSpec spec, Refusal refused, String outcome) {
        return "RabbitMQ queue '" + spec.name() + "' in vhost '" + virtualHost + "' exists with another type or other "
                + "arguments than this service declares (" + spec.describe() + "); the broker said: " + refused.text()
                + ". RabbitMQ cannot change a queue in place, and " + outcome + ". Stop every process that consumes "
                + "it, delete it (rabbitmqctl delete_queue -p " + virtualHost + " " + spec.name() + ") and start "
                + "again; see deploy/README.md, section 7 (\"Queue type: classic and quorum\").";
    }

    private static void declareOn(Channel channel, QueueSpec spec) throws IOException {
        channel.queueDeclare(spec.name(), spec.durable(), false, spec.autoDelete(), spec.arguments());
    }

    /** Null when the work succeeded. A fresh connection each time: a refusal may close it (540 is a connection error). */
    private Refusal onSpare(ChannelWork work) throws IOException {
        Connection connection;
        try {
            connection = spare.open();
        } catch (TimeoutException e) {
            throw new IOException("could not open a connection to declare queues: " + e.getMessage(), e);
        }
        try {
            work.on(connection.createChannel());
            return null;
        } catch (IOException | ShutdownSignalException e) {
            return refusal(e);
        } finally {
            if (connection.isOpen()) {
                try {
                    connection.close(2_000);
                } catch (IOException | RuntimeException e) {
                    LOG.debugf("closing the queue declaration connection: %s", e.getMessage());
                }
            }
        }
    }

    /** The channel or connection close the broker answered with; code 0 when the failure did not come from it. */
    static Refusal refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal) {
                Method reason = signal.getReason();
                if (reason instanceof AMQP.Channel.Close close) {
                    return new Refusal(close.getReplyCode(), close.getReplyText());
                }
                if (reason instanceof AMQP.Connection.Close close) {
                    return new Refusal(close.getReplyCode(), close.getReplyText());
                }
            }
        }
        return new Refusal(0, String.valueOf(failure.getMessage()));
    }
}
