package io.provtest.common.rpc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The request envelope: {@code {"uri","method","publisher","request_id","deadline","data"}}. {@code deadline} is
 * the caller's give-up moment in epoch milliseconds: a server that picks the request up later drops it, and inner
 * calls made while handling it never wait past it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RpcRequest(String uri, String method, String publisher, String requestId, Long deadline, JsonNode data) {
}
