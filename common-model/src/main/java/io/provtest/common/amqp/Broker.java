package io.provtest.common.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.provtest.common.rpc.RpcConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The service's one AMQP connection. The Java client's automatic recovery reconnects after a broker restart and
 * re-declares the queues, bindings and consumers made through it, so a restart heals without a service restart.
 * Until that re-declaration is over the connection is open but not {@link #isReady() ready}: a request published then
 * would find no reply consumer yet, and the broker closes the channel for it.
 */
@Singleton
public class Broker {

    private static final Logger LOG = Logger.getLogger(Broker.class);

    private final BrokerConfig config;
    private final String serviceName;
    private final QueueLayout queues;
    private final QueueDeclarations declarations;
    private final ExecutorService reopener = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "amqp-channel-reopener");
        t.setDaemon(true);
        return t;
    });
    private volatile Connection connection;
    private volatile boolean recovering;
    private volatile boolean blocked;

    public Broker(BrokerConfig config, RpcConfig rpcConfig) {
        this.config = config;
        this.serviceName = rpcConfig.serviceName();
        this.queues = QueueLayout.of(config);
        this.declarations = new QueueDeclarations(
                () -> factory(false).newConnection(serviceName + " (queue declarations)"), config.virtualHost());
    }

    /** How this service's queues are declared (queue type, delivery limit, dead-letter bounds). */
    public QueueLayout queues() {
        return queues;
    }

    /**
     * Declares the queue (and its dead-letter queue first) on the channel; one that exists with another type or other
     * arguments is replaced when nothing is lost, otherwise this throws saying what to do (see QueueDeclarations).
     */
    public void declare(Channel channel, QueueSpec spec) throws IOException {
        declarations.declare(channel, spec);
    }

    /**
     * Checks a durable queue that something else declares (the messaging connector, {@link ConnectorQueues}): declared
     * on a spare connection, replaced when it exists with other arguments and that loses nothing, otherwise this
     * throws saying what to do (see QueueDeclarations).
     */
    public void ensure(QueueSpec spec) throws IOException {
        declarations.ensure(spec);
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        connection();
    }

    void onStop(@Observes ShutdownEvent event) {
        reopener.shutdownNow();
        Connection c = connection;
        if (c != null && c.isOpen()) {
            try {
                c.close(2_000);
            } catch (IOException | RuntimeException e) {
                LOG.debugf("closing the broker connection: %s", e.getMessage());
            }
        }
    }

    /** Connected, and done re-declaring queues and consumers after a reconnection. */
    public boolean isReady() {
        Connection c = connection;
        return c != null && c.isOpen() && !recovering;
    }

    /**
     * The broker holds what this connection publishes (a resource alarm: memory or disk; RabbitMQ says so with
     * {@code connection.blocked} once the connection publishes). Reachable, but not taking messages.
     */
    public boolean isBlocked() {
        return blocked;
    }

    /** A channel for one purpose that is opened again, with its setup, if the broker closes it (see KeptChannel). */
    public KeptChannel keep(String purpose, KeptChannel.Setup setup, Consumer<ShutdownSignalException> onShutdown) {
        return new KeptChannel(this, purpose, setup, onShutdown, reopener);
    }

    public KeptChannel keep(String purpose, KeptChannel.Setup setup) {
        return keep(purpose, setup, cause -> { });
    }

    void pauseBeforeRetry() {
        sleep(config.recoveryInterval().toMillis());
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

    private ConnectionFactory factory(boolean recovering) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.host());
        factory.setPort(config.port());
        factory.setUsername(config.username());
        factory.setPassword(config.password());
        factory.setVirtualHost(config.virtualHost());
        factory.setAutomaticRecoveryEnabled(recovering);
        factory.setTopologyRecoveryEnabled(recovering);
        factory.setNetworkRecoveryInterval(config.recoveryInterval().toMillis());
        factory.setRequestedHeartbeat(10);
        return factory;
    }

    private Connection connectWithRetry() {
        ConnectionFactory factory = factory(true);
        long deadline = System.currentTimeMillis() + config.connectTimeout().toMillis();
        while (true) {
            try {
                Connection c = factory.newConnection(serviceName);
                ((Recoverable) c).addRecoveryListener(new RecoveryListener() {
                    @Override
                    public void handleRecoveryStarted(Recoverable recoverable) {
                        blocked = false; // a block is the lost connection's; the new one is told again if it is
                        recovering = true;
                        LOG.warn("lost the RabbitMQ connection; reconnecting");
                    }

                    @Override
                    public void handleRecovery(Recoverable recoverable) {
                        recovering = false;
                        LOG.info("RabbitMQ connection recovered, queues and consumers declared again");
                    }
                });
                c.addBlockedListener(reason -> {
                    blocked = true;
                    LOG.warnf("RabbitMQ holds what this service publishes: %s", reason);
                }, () -> {
                    blocked = false;
                    LOG.info("RabbitMQ takes what this service publishes again");
                });
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
