package io.provtest.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcContext;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.gateway.GatewayConfig;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Forwards an authorised request to a backend service and turns its reply into the HTTP answer: the reply's data
 * as the body, a typed error as the envelope (via {@link io.provtest.common.error.ServiceException}).
 */
@Singleton
public class Backend {

    public static final String ROUTE_MANAGER = "route-manager";
    public static final String CALL_MANAGER = "call-manager";
    public static final String FLOW_MANAGER = "flow-manager";

    private final RpcClient rpc;
    private final GatewayConfig config;
    private final RequestInfo request;

    public Backend(RpcClient rpc, GatewayConfig config, RequestInfo request) {
        this.rpc = rpc;
        this.config = config;
        this.request = request;
    }

    /** A query parameter value as it may appear in an RPC uri. */
    public static String encode(String value) {
        return value == null ? "" : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A page of {@code path}'s records of {@code customer} (empty: all), in the backend's keyset paging. */
    public Response forwardPage(String service, String path, String customer, String pageToken, String pageSize) {
        return forward(service, "GET", path + "?customer_id=" + customer + "&page_size="
                + io.provtest.common.page.PageToken.clampPageSize(pageSize) + "&page_token=" + encode(pageToken), null);
    }

    public Response forward(String service, String method, String uri, Object body) {
        return ok(call(service, method, uri, body));
    }

    /** The reply's data; a typed error is thrown as {@link io.provtest.common.error.ServiceException}. */
    public JsonNode call(String service, String method, String uri, Object body) {
        RpcResponse reply;
        try (RpcContext.Scope ignored = RpcContext.open(request.requestId(), null)) {
            reply = rpc.call(service, method, uri, body, config.rpcTimeout());
        }
        return reply.dataOrThrow();
    }

    public static Response ok(JsonNode body) {
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }
}
