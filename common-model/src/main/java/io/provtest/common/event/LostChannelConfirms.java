package io.provtest.common.event;

import io.quarkus.arc.ClientProxy;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQConnector;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQConnectorOutgoingConfiguration;
import io.smallrye.reactive.messaging.rabbitmq.internals.OutgoingRabbitMQChannel;
import io.vertx.mutiny.rabbitmq.RabbitMQPublisher;
import io.vertx.rabbitmq.impl.RabbitMQClientImpl;
import io.vertx.rabbitmq.impl.RabbitMQPublisherImpl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.lang.reflect.Field;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.jboss.logging.Logger;

/**
 * Makes an outgoing channel drop, at its first reconnection as at every later one, the broker confirms it was still
 * waiting for on the connection it lost.
 *
 * <p>Why: the connector (SmallRye 4.33) sends through vertx-rabbitmq-client 4.5's {@code RabbitMQPublisherImpl}. That
 * publisher keeps the messages awaiting a confirm in the order sent, and a confirm of "every tag up to N" (RabbitMQ
 * confirms in batches under load) resolves them from the front, stopping at the first whose tag is above N. When a
 * reconnection brings a channel it has not seen it drops the ones of the lost channel, but it only learns which
 * channel it has at a reconnection, and the connector makes it after the first connection: so at the first broker
 * restart nothing is dropped. Messages the broker had not confirmed before it went away keep the old channel's tags,
 * far above the new channel's, at the front, and every batch confirm of the new channel stops at them: each send
 * waits until its timeout, until the new channel's tags pass the old ones, which at call-manager's rates never came
 * (bench/README.md, "An events channel that stopped confirming"). Telling the publisher the channel it has, once it
 * exists (the connector makes it at the first send), makes the first reconnection drop them as the later ones do.
 *
 * <p>The fields are private to those two libraries, whose versions the Quarkus BOM fixes; if an upgrade renames them
 * this logs an error once and changes nothing, and call-manager's EventsAfterBrokerRestartTest fails.
 */
@ApplicationScoped
public class LostChannelConfirms {

    private static final Logger LOG = Logger.getLogger(LostChannelConfirms.class);

    private final Instance<RabbitMQConnector> connector;
    private volatile boolean settled;

    public LostChannelConfirms(@Connector(RabbitMQConnector.CONNECTOR_NAME) Instance<RabbitMQConnector> connector) {
        this.connector = connector;
    }

    /**
     * Once per application, after a send on {@code channel} was confirmed (its publisher exists then): tells the
     * channel's publisher the channel instance it is on. Cheap after the first call.
     */
    public void afterConfirmed(String channel) {
        if (settled) {
            return;
        }
        synchronized (this) {
            if (settled) {
                return;
            }
            settled = true;
            try {
                RabbitMQPublisherImpl publisher = publisher(ClientProxy.unwrap(connector.get()), channel);
                if (publisher == null) {
                    LOG.errorf("channel %s: no RabbitMQ publisher found; confirms the broker owed when a connection"
                            + " was lost may hold back later sends", channel);
                    return;
                }
                seed(publisher);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.errorf(e, "channel %s: could not prepare its publisher to drop a lost connection's confirms (a"
                        + " library changed?); they may hold back later sends", channel);
            }
        }
    }

    /** The publisher of the outgoing channel named {@code channel}, or null if it has none (yet). */
    static RabbitMQPublisherImpl publisher(RabbitMQConnector connector, String channel)
            throws ReflectiveOperationException {
        List<?> outgoings = (List<?>) field(RabbitMQConnector.class, "outgoings").get(connector);
        for (Object outgoing : outgoings) {
            RabbitMQConnectorOutgoingConfiguration config = (RabbitMQConnectorOutgoingConfiguration)
                    field(OutgoingRabbitMQChannel.class, "config").get(outgoing);
            if (channel.equals(config.getChannel())) {
                RabbitMQPublisher publisher = (RabbitMQPublisher)
                        field(OutgoingRabbitMQChannel.class, "publisher").get(outgoing);
                return publisher == null ? null : (RabbitMQPublisherImpl) publisher.getDelegate();
            }
        }
        return null;
    }

    /** Sets the publisher's last seen channel instance to its client's current one, unless it has seen one. */
    static void seed(RabbitMQPublisherImpl publisher) throws ReflectiveOperationException {
        Field last = field(RabbitMQPublisherImpl.class, "lastChannelInstance");
        RabbitMQClientImpl client = (RabbitMQClientImpl) field(RabbitMQPublisherImpl.class, "client").get(publisher);
        // written once, right after the first confirm; the publisher reads it at a reconnection
        if (last.getLong(publisher) == 0) {
            last.setLong(publisher, client.getChannelInstance());
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
