package io.provtest.common.rpc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.json.WireDecimals;

/**
 * The request envelope: {@code {"uri","method","publisher","request_id","deadline","data"}}. {@code deadline} is
 * the caller's give-up moment in epoch milliseconds: a server that picks the request up later drops it, and inner
 * calls made while handling it never wait past it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RpcRequest(String uri, String method, String publisher, String requestId, Long deadline, JsonNode data) {

    /** The same envelope with the caller's body as it is, for writing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Outgoing(String uri, String method, String publisher, String requestId, Long deadline,
                            Object data) {
    }

    /**
     * The request as it goes on the wire, the caller's body written into it once. It used to become a JSON tree first
     * and the tree was then written (the two together 2-4 % of the gateway's and route-manager's CPU samples at
     * saturation); the bytes are the ones that gave, decimals without trailing zeros as the tree held them
     * ({@code RpcRequestTest}).
     */
    public static byte[] bytes(String uri, String method, String publisher, String requestId, Long deadline,
                               Object data) {
        return WireDecimals.bytes(new Outgoing(uri, method, publisher, requestId, deadline, data));
    }
}
