package io.provtest.e2e;

import io.provtest.common.amqp.BrokerConfig;
import io.provtest.common.amqp.Broker;
import io.provtest.common.rpc.AmqpRpcClient;
import io.provtest.common.rpc.RpcConfig;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.LocalInfra;
import java.time.Duration;
import java.util.Optional;

/**
 * The project's own RPC client, outside CDI, for calling a service's internal API the way another service does
 * (e.g. route-manager creating calls in call-manager).
 */
final class Rpc {

    private static AmqpRpcClient client;

    private Rpc() {
    }

    static synchronized RpcResponse call(String service, String method, String uri, Object body) {
        if (client == null) {
            LocalInfra infra = LocalInfra.fromEnvironment();
            BrokerConfig broker = new BrokerConfig() {
                public String host() { return infra.rabbitHost(); }
                public int port() { return infra.rabbitPort(); }
                public String username() { return infra.rabbitUser(); }
                public String password() { return infra.rabbitPassword(); }
                public String virtualHost() { return infra.rabbitVhost(); }
                public Duration connectTimeout() { return Duration.ofSeconds(10); }
                public Duration recoveryInterval() { return Duration.ofSeconds(1); }
            };
            RpcConfig rpc = new RpcConfig() {
                public String serviceName() { return "e2e-tests"; }
                public Duration defaultTimeout() { return Duration.ofSeconds(10); }
                public Server server() {
                    return new Server() {
                        public boolean enabled() { return false; }
                        public int workers() { return 1; }
                        public int prefetch() { return 1; }
                        public Optional<String> instanceQueue() { return Optional.empty(); }
                    };
                }
            };
            client = new AmqpRpcClient(new Broker(broker, rpc), rpc);
        }
        return client.call(service, method, uri, body, Duration.ofSeconds(10));
    }
}
