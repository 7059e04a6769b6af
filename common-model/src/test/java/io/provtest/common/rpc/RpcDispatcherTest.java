package io.provtest.common.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RpcDispatcherTest {

    /** A reply shaped like billing's: money as decimals of the scale the database hands back. */
    record Rate(String prefix, BigDecimal perMinute, BigDecimal connectionFee, Instant tmCreate, Double ratio,
                List<BigDecimal> steps, Map<String, Object> extra) {
    }

    private static final List<String> DECIMALS = List.of("0.0100", "12.500000", "10.000000", "100", "0.000000",
            "0E-6", "-0.50", "0.000001", "123456789.123456000", "1E+3", "1E-7", "5");

    private final RpcRouter router = new RpcRouter()
            .get("/v1/boom", call -> {
                throw new IllegalStateException("bug in a handler");
            })
            .get("/v1/missing/{id}", call -> {
                throw ServiceException.notFound("THING_NOT_FOUND", "The thing was not found.");
            })
            .get("/v1/unwritable", call -> new Object())
            .get("/v1/deep", call -> recurse(0))
            .post("/v1/echo", call -> Map.of("got", call.body(Map.class)));

    private byte[] encoded(String method, String uri, Object data) {
        RpcRequest request = new RpcRequest(uri, method, "test", "req_1", null, data == null ? null : Json.tree(data));
        return RpcDispatcher.dispatch(request, uri == null ? null : router.match(method, uri));
    }

    private RpcResponse send(String method, String uri, Object data) {
        return decoded(encoded(method, uri, data));
    }

    /** The reply to a GET whose handler returns {@code result}. */
    private static byte[] replyWith(Object result) {
        RpcRouter.Match match = new RpcRouter().get("/v1/result", call -> result).match("GET", "/v1/result");
        return RpcDispatcher.dispatch(new RpcRequest("/v1/result", "GET", "test", "req_1", null, null), match);
    }

    private static RpcResponse decoded(byte[] reply) {
        try {
            // read as every client reads a reply
            return Json.MAPPER.readValue(reply, RpcResponse.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Rate> rates() {
        List<Rate> rates = new ArrayList<>();
        for (String d : DECIMALS) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("fee", new BigDecimal(d));
            extra.put("none", null);
            rates.add(new Rate("+82", new BigDecimal(d), null, Instant.parse("2026-12-01T10:00:00.123Z"), 0.1,
                    DECIMALS.stream().map(BigDecimal::new).toList(), extra));
        }
        return rates;
    }

    @Test
    void aThrowingHandlerBecomesATyped500AndTheNextRequestIsServed() {
        RpcResponse failed = send("GET", "/v1/boom", null);
        assertEquals(500, failed.statusCode());
        assertEquals("INTERNAL", failed.error().reason());
        assertEquals(200, send("POST", "/v1/echo", Map.of("a", 1)).statusCode());
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void aStackOverflowInAHandlerIsATyped500AndTheThreadServesTheNextRequest() {
        RpcResponse failed = send("GET", "/v1/deep", null);
        assertEquals(500, failed.statusCode());
        assertEquals("INTERNAL", failed.error().reason());
        assertEquals(200, send("POST", "/v1/echo", Map.of("a", 1)).statusCode());
    }

    @Test
    void aResultThatCannotBeWrittenIsATyped500() {
        RpcResponse failed = send("GET", "/v1/unwritable", null);
        assertEquals(500, failed.statusCode());
        assertEquals("INTERNAL", failed.error().reason());
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
        assertEquals(400, send("GET", null, null).statusCode());
    }

    @Test
    void moneyKeepsItsWireFormWithoutTrailingZeros() {
        String wire = new String(replyWith(List.of(new Rate("+82", new BigDecimal("0.0100"),
                new BigDecimal("0.000000"), null, null, null, Map.of()))), StandardCharsets.UTF_8);
        assertEquals("{\"status_code\":200,\"data\":[{\"prefix\":\"+82\",\"per_minute\":0.01,\"connection_fee\":0,"
                + "\"tm_create\":null,\"ratio\":null,\"steps\":null,\"extra\":{}}]}", wire);
    }

    @Test
    void theReplyIsTheOneTheTreeGaveByteForByte() {
        // what every reply was before it was encoded once: the result made a tree, then the envelope written
        List<Object> results = Arrays.asList(rates(), Json.tree(rates()), Map.of("id", "x"), "done", 42, List.of(),
                null);
        for (int i = 0; i < results.size(); i++) {
            Object value = results.get(i);
            assertArrayEquals(Json.bytes(RpcResponse.ok(value)), replyWith(value), "result " + i + " differs");
        }
    }

    @Test
    void aDecimalInsideATreeAHandlerReturnsIsWrittenTheSameWay() {
        // a node made with put(BigDecimal) keeps the decimal's scale; the tree of the old encoding stripped it
        String wire = new String(replyWith(Map.of("plan", Json.MAPPER.createObjectNode()
                .put("per_minute", new BigDecimal("0.0500")))), StandardCharsets.UTF_8);
        assertEquals("{\"status_code\":200,\"data\":{\"plan\":{\"per_minute\":0.05}}}", wire);
    }
}
