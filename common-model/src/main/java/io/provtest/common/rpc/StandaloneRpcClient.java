package io.provtest.common.rpc;

import io.provtest.common.amqp.Broker;
import io.provtest.common.amqp.BrokerConfig;
import io.provtest.common.amqp.QueueType;
import java.time.Duration;
import java.util.Optional;

/**
 * The project's RPC client outside CDI, for tools that talk to a service's internal API the way another service
 * does (end-to-end tests, benchmarks). Serves no queue.
 */
public final class StandaloneRpcClient {

    private StandaloneRpcClient() {
    }

    public static AmqpRpcClient connect(String host, int port, String user, String password, String vhost,
                                        String callerName) {
        BrokerConfig broker = new BrokerConfig() {
            public String host() { return host; }
            public int port() { return port; }
            public String username() { return user; }
            public String password() { return password; }
            public String virtualHost() { return vhost; }
            public Duration connectTimeout() { return Duration.ofSeconds(10); }
            public Duration recoveryInterval() { return Duration.ofSeconds(1); }
            // a client declares no queue: these are never used
            public QueueType queueType() { return QueueType.CLASSIC; }
            public int deliveryLimit() { return 1; }
            public Duration deadLetterTtl() { return Duration.ofHours(1); }
            public int deadLetterMaxLength() { return 1; }
        };
        RpcConfig rpc = new RpcConfig() {
            public String serviceName() { return callerName; }
            public Duration defaultTimeout() { return Duration.ofSeconds(10); }
            public Duration unavailableRetryAfter() { return Duration.ofSeconds(5); }
            public Server server() {
                return new Server() {
                    public boolean enabled() { return false; }
                    public int workers() { return 1; }
                    public int orchestrationWorkers() { return 1; }
                    public int orchestrationQueue() { return 0; }
                    public Duration orchestrationQueueWait() { return Duration.ZERO; }
                    public int warmupRequests() { return 0; }
                    public Duration warmupTimeout() { return Duration.ZERO; }
                    public int prefetch() { return 1; }
                    public Optional<String> instanceQueue() { return Optional.empty(); }
                };
            }
        };
        return new AmqpRpcClient(new Broker(broker, rpc), rpc);
    }
}
