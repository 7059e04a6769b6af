package io.provtest.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.RpcApis;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.api.flow.FlowManagerApi;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcContext;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.gateway.GatewayConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The backend services as the resources ask them: the typed clients of common-model's {@code api} package with the
 * gateway's deadline ({@code GATEWAY_RPC_TIMEOUT}), each request carrying the HTTP request's id. A reply's data is
 * the answer's body ({@link #ok}); a typed error is thrown as the
 * {@link io.provtest.common.error.ServiceException} it carries and becomes the envelope.
 */
@Singleton
public class Backend {

    private final RpcClient rpc;
    private final Duration timeout;

    public Backend(RpcClient rpc, GatewayConfig config, RequestInfo request) {
        this.rpc = new RequestIdRpc(rpc, request);
        this.timeout = config.rpcTimeout();
    }

    @Produces
    @Singleton
    RouteManagerApi routeManager() {
        return RpcApis.client(RouteManagerApi.class, rpc, timeout);
    }

    @Produces
    @Singleton
    CallManagerApi callManager() {
        return RpcApis.client(CallManagerApi.class, rpc, timeout);
    }

    @Produces
    @Singleton
    FlowManagerApi flowManager() {
        return RpcApis.client(FlowManagerApi.class, rpc, timeout);
    }

    public static Response ok(JsonNode body) {
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    /** Every request made for an HTTP request carries its X-Request-Id (into the backends' logs and events). */
    private record RequestIdRpc(RpcClient rpc, RequestInfo request) implements RpcClient {

        @Override
        public CompletableFuture<RpcResponse> send(String service, String method, String uri, Object data,
                                                   Duration timeout) {
            try (RpcContext.Scope ignored = RpcContext.open(request.requestId(), null)) {
                return rpc.send(service, method, uri, data, timeout);
            }
        }

        @Override
        public RpcResponse call(String service, String method, String uri, Object data, Duration timeout) {
            try (RpcContext.Scope ignored = RpcContext.open(request.requestId(), null)) {
                return rpc.call(service, method, uri, data, timeout);
            }
        }
    }
}
