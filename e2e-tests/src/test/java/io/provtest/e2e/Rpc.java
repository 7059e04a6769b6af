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

    static RpcResponse call(String service, String method, String uri, Object body) {
        return client().call(service, method, uri, body, Duration.ofSeconds(10));
    }

    /** Without waiting, with its own deadline (a request that waits in the queue while its service restarts). */
    static java.util.concurrent.CompletableFuture<RpcResponse> send(String service, String method, String uri,
                                                                    Object body, Duration timeout) {
        return client().send(service, method, uri, body, timeout);
    }

    private static synchronized AmqpRpcClient client() {
        if (client == null) {
            LocalInfra infra = LocalInfra.fromEnvironment();
            client = StandaloneRpcClient.connect(infra.rabbitHost(), infra.rabbitPort(), infra.rabbitUser(),
                    infra.rabbitPassword(), infra.rabbitVhost(), "e2e-tests");
        }
        return client;
    }
}
