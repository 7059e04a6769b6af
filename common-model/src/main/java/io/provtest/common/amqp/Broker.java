package io.provtest.common.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.provtest.common.rpc.RpcConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The service's one AMQP connection. The Java client's automatic recovery reconnects after a broker restart and
 * re-declares the queues, bindings and consumers made through it, so a restart heals without a service restart.
 */
@Singleton
public class Broker {

    private static final Logger LOG = Logger.getLogger(Broker.class);

    private final BrokerConfig config;
    private final String serviceName;
    private volatile Connection connection;

    public Broker(BrokerConfig config, RpcConfig rpcConfig) {
        this.config = config;
        this.serviceName = rpcConfig.serviceName();
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        connection();
    }

    void onStop(@Observes ShutdownEvent event) {
        Connection c = connection;
        if (c != null && c.isOpen()) {
            try {
                c.close(2_000);
            } catch (IOException | RuntimeException e) {
                LOG.debugf("closing the broker connection: %s", e.getMessage());
            }
        }
    }

    public boolean isConnected() {
        Connection c = connection;
        return c != null && c.isOpen();
    }

    public synchronized Connection connection() {
        if (connection == null) {
            connection = connectWithRetry();
        }
        return connection;
    }

    public Channel newChannel() {
        try {
            return connection().createChannel();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Connection connectWithRetry() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.host());
        factory.setPort(config.port());
        factory.setUsername(config.username());
        factory.setPassword(config.password());
        factory.setVirtualHost(config.virtualHost());
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(config.recoveryInterval().toMillis());
        factory.setRequestedHeartbeat(10);
        long deadline = System.currentTimeMillis() + config.connectTimeout().toMillis();
        while (true) {
            try {
                Connection c = factory.newConnection(serviceName);
                LOG.infof("connected to RabbitMQ at %s:%d", config.host(), config.port());
                return c;
            } catch (IOException | TimeoutException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("RabbitMQ at " + config.host() + ":" + config.port()
                            + " did not accept a connection within " + config.connectTimeout(), e);
                }
                LOG.infof("waiting for RabbitMQ at %s:%d (%s)", config.host(), config.port(), e.getMessage());
                sleep(1_000);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for RabbitMQ", e);
        }
    }
}
