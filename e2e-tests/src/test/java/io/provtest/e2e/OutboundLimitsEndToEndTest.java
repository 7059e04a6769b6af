package io.provtest.e2e;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.EventTap;
import io.provtest.testing.Sipp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's outbound limits where calls are created: a burst sent to two call-manager replicas (each through its
 * own queue) is limited as one by the counters they share in PostgreSQL, and a groupcall whose agents expand past
 * the leg cap is refused before anything exists or is dialed; an address reached twice is rung once.
 */
class OutboundLimitsEndToEndTest {

    private static final String A = "cm-limits-a";
    private static final String B = "cm-limits-b";
    private static final int CALLS_PER_SECOND = 3;
    private static final int BURST = 20;
    private static final List<Process> replicas = new ArrayList<>();

    @BeforeAll
    static void startTwoReplicasWithASmallRate() {
        Calls.admin();
        Map<String, String> settings = Map.of("OUTBOUND_CALLS_PER_SECOND", String.valueOf(CALLS_PER_SECOND));
        replicas.add(SystemUnderTest.get().startCallManager(A, 18095, 15290, 33000, settings));
        replicas.add(SystemUnderTest.get().startCallManager(B, 18096, 15390, 34000, settings));
    }

    @AfterAll
    static void stopThem() throws InterruptedException {
        for (Process p : replicas) {
            p.destroy();
            p.waitFor(15, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Object> createCalls(String customerId, String providerId, int n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer_id", customerId);
        body.put("source", Map.of("type", "tel", "target", "+14155551234"));
        body.put("destinations", List.of(Map.of("type", "tel", "target", "+8210" + (20_000_000 + n))));
        body.put("metadata", Map.of("route_provider_ids", List.of(providerId), "skip_source_validation", true));
        return body;
    }

    @Test
    void aBurstThroughTwoReplicasIsLimitedAsOne() throws Exception {
        // SIPp exits after the number of calls it is told to serve, and a call dialed after that ends `dialout`, not
        // `busy`: each of up to 3 attempts admits up to 2 seconds' worth of calls when its burst crosses a second
        // (only the attempt that fits into one second is checked), so it is sized for all of them
        try (Sipp busy = Calls.rejecting(486, "Busy Here", 3 * 2 * CALLS_PER_SECOND);
             EventTap tap = Calls.tap("call-manager.events")) {
            String provider = Calls.provider(busy);
            // a customer of its own, so nothing else in the suite shares its counter
            String customer = UUID.randomUUID().toString();
            List<String> admitted = new ArrayList<>();
            int limited = 0;
            boolean withinOneSecond = false;
            for (int attempt = 0; attempt < 3 && !withinOneSecond; attempt++) {
                long ms = System.currentTimeMillis() % 1000;
                Thread.sleep(ms < 20 ? 20 - ms : 1020 - ms);
                long second = System.currentTimeMillis() / 1000;
                admitted.clear();
                limited = 0;
                int[] limitedBy = new int[2];
                for (int i = 0; i < BURST; i++) {
                    String replica = i % 2 == 0 ? A : B;
                    RpcResponse r = Rpc.call("call-manager." + replica, "POST", "/v1/calls",
                            createCalls(customer, provider, attempt * BURST + i));
                    if (r.isSuccess()) {
                        admitted.add(r.data().get("calls").get(0).get("id").asText());
                    } else {
                        assertEquals(429, r.statusCode(), r.error().toString());
                        assertEquals("RATE_LIMIT_EXCEEDED", r.error().reason());
                        assertEquals(1, r.error().retryAfterSeconds());
                        limited++;
                        limitedBy[i % 2]++;
                    }
                }
                withinOneSecond = System.currentTimeMillis() / 1000 == second;
                if (withinOneSecond) {
                    // each replica alone would have let 3 through: 6 in all
                    assertEquals(CALLS_PER_SECOND, admitted.size(), "admitted " + admitted + ", limited " + limited);
                    assertEquals(BURST - CALLS_PER_SECOND, limited);
                    assertTrue(limitedBy[0] > 0 && limitedBy[1] > 0, "both replicas refused");
                }
            }
            assertTrue(withinOneSecond, "no burst of " + BURST + " requests fitted into one second in 3 attempts");
            String event = tap.await(b -> b.contains("call_outbound_rejected") && b.contains(customer),
                    Duration.ofSeconds(10));
            assertNotNull(event, "each refusal is announced: " + tap.received().size() + " events");
            assertTrue(event.contains("\"limit\":\"calls_per_second\"") && event.contains("\"origin\":\"providercall\""),
                    event);
            for (String id : admitted) {
                assertEquals("busy", Calls.await(id, "hangup", 15).get("hangup_reason").asText());
            }
        }
    }

    @Test
    void aGroupcallOverTheLegCapIsRefusedWithNothingDialed() throws Exception {
        String admin = Calls.admin();
        String customerId = Api.as(admin).body(Map.of("name", "fan-out tenant")).post("/v1.0/customers").path("id");
        String username = "fanout-" + UUID.randomUUID();
        Api.as(admin).body(Map.of("customer_id", customerId, "username", username, "password", "tenant-pass-1",
                "permission", 0x20)).post("/v1.0/agents").then().statusCode(200);
        String tenant = Api.login(username, "tenant-pass-1");
        // six agents of twenty numbers each: 120 legs from 6 destinations, over the cap of 100
        List<Map<String, Object>> destinations = new ArrayList<>();
        for (int a = 0; a < 6; a++) {
            List<Map<String, Object>> addresses = new ArrayList<>();
            for (int n = 0; n < 20; n++) {
                addresses.add(Map.of("type", "tel", "target", "+8210" + (30_000_000 + a * 100 + n)));
            }
            String agent = Api.as(tenant).body(Map.of("username", "fanout-agent-" + UUID.randomUUID(), "password",
                    "agent-pass-1", "permission", 0x10, "addresses", addresses, "ring_method", "ring_all"))
                    .post("/v1.0/agents").then().statusCode(200).extract().path("id");
            destinations.add(Map.of("type", "agent", "target", agent));
        }
        try (EventTap tap = Calls.tap("call-manager.events")) {
            Api.as(tenant).body(Map.of("source", Map.of("type", "tel", "target", "+14155551234"),
                            "destinations", destinations, "actions", List.of(Map.of("type", "answer"))))
                    .post("/v1.0/groupcalls").then().statusCode(400)
                    .body("error.reason", equalTo("TOO_MANY_LEGS"))
                    .body("error.message", containsString("120 legs"))
                    .body("error.message", containsString("limit is 100"))
                    .body("error.details[0].field", equalTo("destinations"));
            String event = tap.await(b -> b.contains("call_outbound_rejected") && b.contains(customerId),
                    Duration.ofSeconds(10));
            assertNotNull(event, "the refusal is announced");
            assertTrue(event.contains("TOO_MANY_LEGS") && event.contains("\"origin\":\"groupcall\""), event);
        }
        Api.as(tenant).get("/v1.0/groupcalls").then().statusCode(200).body("result", hasSize(0));
        Api.as(tenant).get("/v1.0/calls").then().statusCode(200).body("result", hasSize(0));
    }

    @Test
    void anAddressReachedTwiceInOneRequestIsRungOnce() throws Exception {
        String admin = Calls.admin();
        try (Sipp busy = Calls.rejecting(486, "Busy Here", 2)) {
            Map<String, Object> line0 = Map.of("type", "sip", "target", "line0@" + busy.hostPort());
            Map<String, Object> line1 = Map.of("type", "sip", "target", "line1@" + busy.hostPort());
            String agent = Api.as(admin).body(Map.of("customer_id", Calls.customerId(), "username",
                    "dup-agent-" + UUID.randomUUID(), "password", "agent-pass-1", "permission", 0x10,
                    "addresses", List.of(line0, line1), "ring_method", "ring_all"))
                    .post("/v1.0/agents").then().statusCode(200).extract().path("id");
            String id = Api.as(admin).body(Map.of("source", Map.of("type", "tel", "target", "+14155551234"),
                            "destinations", List.of(line0, Map.of("type", "agent", "target", agent), line0),
                            "ring_method", "ring_all"))
                    .post("/v1.0/groupcalls").then().statusCode(200).extract().path("id");
            JsonNode done = Calls.awaitStatus("/v1.0/groupcalls/" + id, "hangup", 20);
            assertEquals(1, done.get("call_ids").size(), done.toString());
            assertEquals(1, done.get("groupcall_ids").size(), done.toString());
            JsonNode errors = done.get("errors");
            assertEquals(1, errors.size(), done.toString());
            assertEquals(2, errors.get(0).get("index").asInt(), done.toString());
            assertEquals("DUPLICATE_DESTINATION", errors.get(0).get("error").get("reason").asText());
            JsonNode child = Calls.read("/v1.0/groupcalls/" + done.get("groupcall_ids").get(0).asText());
            assertEquals(1, child.get("call_ids").size(), "the agent's line0 is not rung again: " + child);
            JsonNode leg = Calls.read("/v1.0/calls/" + child.get("call_ids").get(0).asText());
            assertTrue(leg.get("destination").get("target").asText().startsWith("line1@"), leg.toString());
            assertEquals(0, busy.awaitExit(20), busy.describe());
        }
    }
}
