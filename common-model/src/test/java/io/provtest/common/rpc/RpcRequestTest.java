package io.provtest.common.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.json.Json;
import io.provtest.common.model.Action;
import io.provtest.common.model.Flow;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A request written in one pass is byte for byte the envelope its body's JSON tree gave, and reads back. */
class RpcRequestTest {

    record Create(UUID customerId, String source, List<String> destinations, BigDecimal maxCost, Instant notBefore,
                  Map<String, Object> metadata) {
    }

    private static void sameAsTheTree(String requestId, Long deadline, Object data) throws Exception {
        JsonNode tree = data == null ? null : Json.tree(data);
        byte[] before = Json.bytes(new RpcRequest("/v1/providercalls", "POST", "api-gateway", requestId, deadline,
                tree));
        byte[] now = RpcRequest.bytes("/v1/providercalls", "POST", "api-gateway", requestId, deadline, data);
        assertArrayEquals(before, now, () -> "\nbefore: " + new String(before, StandardCharsets.UTF_8)
                + "\nnow:    " + new String(now, StandardCharsets.UTF_8));
        RpcRequest read = Json.MAPPER.readValue(now, RpcRequest.class);
        assertEquals(Json.MAPPER.readValue(before, RpcRequest.class).data(), read.data(),
                "the server reads the body it read before");
        assertEquals(requestId, read.requestId());
        assertEquals(deadline, read.deadline());
    }

    @Test
    void aRecordBodyIsWrittenAsItsTreeWas() throws Exception {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("note", "caf\u00e9 \"quoted\" \\ \n");
        metadata.put("weight", new BigDecimal("2.500"));
        metadata.put("none", null);
        sameAsTheTree("req_1", 1_764_876_000_000L, new Create(UUID.randomUUID(), "+15551230000",
                List.of("+15551230001", "sip:alice@example.com"), new BigDecimal("0.0100"),
                Instant.parse("2026-12-04T19:20:30.123456Z"), metadata));
    }

    @Test
    void wireTypesMapsTreesAndNoBodyAlike() throws Exception {
        sameAsTheTree("req_2", 5L, new Flow(UUID.randomUUID(), UUID.randomUUID(), "flow", "n", null,
                List.of(new Action(UUID.randomUUID(), null, "answer", null)), null, false,
                Instant.parse("2026-12-04T19:21:00Z"), null, null, null));
        sameAsTheTree(null, null, Map.of("status", "ended", "zero", new BigDecimal("0.000")));
        sameAsTheTree("req_3", 7L, Json.MAPPER.readTree("{\"a\":[1,2.50,{\"b\":null}]}"));
        sameAsTheTree("req_4", 9L, null);
        sameAsTheTree("req_5", 9L, List.of("x", 1));
    }
}
