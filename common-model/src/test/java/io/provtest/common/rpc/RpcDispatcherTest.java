package io.provtest.common.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RpcDispatcherTest {

    private final RpcDispatcher dispatcher = new RpcDispatcher(new RpcRouter()
            .get("/v1/boom", call -> {
                throw new IllegalStateException("bug in a handler");
            })
            .get("/v1/missing/{id}", call -> {
                throw ServiceException.notFound("THING_NOT_FOUND", "The thing was not found.");
            })
            .post("/v1/echo", call -> Map.of("got", call.body(Map.class))));

    private RpcResponse send(String method, String uri, Object data) {
        return dispatcher.dispatch(new RpcRequest(uri, method, "test", "req_1", null, data == null ? null : Json.tree(data)));
    }

    @Test
    void aThrowingHandlerBecomesATyped500AndTheNextRequestIsServed() {
        RpcResponse failed = send("GET", "/v1/boom", null);
        assertEquals(500, failed.statusCode());
        assertEquals("INTERNAL", failed.error().reason());
        assertEquals(200, send("POST", "/v1/echo", Map.of("a", 1)).statusCode());
    }

    @Test
    void aServiceExceptionKeepsItsType() {
        RpcResponse response = send("GET", "/v1/missing/x", null);
        assertEquals(404, response.statusCode());
        assertEquals("THING_NOT_FOUND", response.error().reason());
    }

    @Test
    void unknownRouteIs404RouteNotFound() {
        assertEquals("ROUTE_NOT_FOUND", send("GET", "/v1/nothing", null).error().reason());
    }

    @Test
    void wrongBodyShapeIs400NotA500() {
        RpcResponse response = send("POST", "/v1/echo", "a string, not an object");
        assertEquals(400, response.statusCode());
        assertEquals("INVALID_JSON_BODY", response.error().reason());
    }

    @Test
    void envelopeWithoutUriIs400() {
        assertEquals(400, dispatcher.dispatch(new RpcRequest(null, "GET", "t", null, null, null)).statusCode());
    }
}
