package io.provtest.e2e;

import io.provtest.common.rpc.AmqpRpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.common.rpc.StandaloneRpcClient;
import io.provtest.testing.LocalInfra;
import java.time.Duration;

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
            client = StandaloneRpcClient.connect(infra.rabbitHost(), infra.rabbitPort(), infra.rabbitUser(),
                    infra.rabbitPassword(), infra.rabbitVhost(), "e2e-tests");
        }
        return client.call(service, method, uri, body, Duration.ofSeconds(10));
    }
}
