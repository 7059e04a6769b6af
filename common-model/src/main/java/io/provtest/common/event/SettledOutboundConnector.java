package io.provtest.common.event;

import io.smallrye.reactive.messaging.connector.OutboundConnector;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.util.concurrent.Flow;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Gives every outgoing channel its configuration as a {@link SettledConfig}, so that the connector's per-message
 * reads of its settings cost a map lookup instead of a walk through SmallRye Config. The connector itself is
 * untouched: this decorates the {@code smallrye-rabbitmq} bean (the only {@link OutboundConnector} here) where the
 * messaging layer asks it for a channel's subscriber.
 */
@Decorator
@Priority(10)
public abstract class SettledOutboundConnector implements OutboundConnector {

    private final OutboundConnector connector;

    @Inject
    SettledOutboundConnector(@Delegate @Any OutboundConnector connector) {
        this.connector = connector;
    }

    @Override
    public Flow.Subscriber<? extends Message<?>> getSubscriber(Config config) {
        return connector.getSubscriber(new SettledConfig(config));
    }
}
