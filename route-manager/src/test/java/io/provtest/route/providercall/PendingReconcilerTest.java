package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A provider call whose create-calls request call-manager did not answer in time stays pending (call-manager may
 * still be placing its calls) and is settled from what call-manager says it did: linked to the calls it placed, left
 * pending while it is still placing them. call-manager is a stand-in on the real broker.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class PendingReconcilerTest {

    @Inject
    RpcClient rpc;

    @Inject
    DataSource dataSource;

    @Inject
    PendingReconciler reconciler;

    @Test
    void aTimedOutRequestStaysPendingAndIsLinkedToTheCallsCallManagerPlaced() throws Exception {
        String callId = UUID.randomUUID().toString();
        AtomicReference<String> lookup = new AtomicReference<>("serving");
        try (EventTap tap = EventTap.onTestBroker("route-manager.events");
             StandInService calls = new StandInService("call-manager", r -> {
                 if ("POST".equals(r.method())) {
                     // what the client says when call-manager did not answer within the deadline
                     return StandInService.error(504, "UNAVAILABLE", "REQUEST_TIMEOUT", "call-manager did not answer.");
                 }
                 return "serving".equals(lookup.get()) ? StandInService.ok(Map.of("status", "serving"))
                         : StandInService.ok(Map.of("status", "served", "result", Map.of(
                                 "calls", List.of(Map.of("id", callId)), "outcomes", List.of(Map.of("index", 0,
                                         "destination", Map.of("type", "tel", "target", "+821012345678"),
                                         "call_id", callId)))));
             })) {
            String provider = rpc.call("route-manager", "POST", "/v1/providers", Map.of("type", "sip",
                    "hostname", "slow.example"), Duration.ofSeconds(5)).dataOrThrow().get("id").asText();
            RpcResponse response = rpc.call("route-manager", "POST", "/v1/providercalls", Map.of(
                    "customer_id", UUID.randomUUID().toString(), "created_by", UUID.randomUUID().toString(),
                    "request", Map.of("provider_id", provider, "source", Map.of("type", "tel", "target", "+14155551234"),
                            "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")))),
                    Duration.ofSeconds(10));
            assertEquals("REQUEST_TIMEOUT", response.error().reason(), String.valueOf(response));
            String id = calls.received().get(0).data().get("request_key").asText().substring("providercall:".length());
            assertEquals("pending", ProviderCallRows.status(dataSource, id), "not settled failed while call-manager may still be placing");

            ProviderCallRows.makeStale(dataSource, id);
            reconciler.reconcile(Instant.now().minus(Duration.ofMinutes(2)));
            assertEquals("pending", ProviderCallRows.status(dataSource, id), "still being placed: left pending");

            lookup.set("served");
            assertTrue(reconciler.reconcile(Instant.now().minus(Duration.ofMinutes(2))) >= 1);
            assertEquals("created", ProviderCallRows.status(dataSource, id));
            try (var c = dataSource.getConnection();
                 var ps = c.prepareStatement("select call_ids::text from providercall where id = ?::uuid")) {
                ps.setString(1, id);
                var rs = ps.executeQuery();
                assertTrue(rs.next());
                assertEquals("[\"" + callId + "\"]", rs.getString(1), "linked to the call call-manager placed");
            }
            assertNotNull(tap.await(b -> b.contains("\"providercall_created\"") && b.contains(id),
                    Duration.ofSeconds(10)), "announced once linked");
            assertTrue(calls.received().stream().anyMatch(r -> r.uri().equals("/v1/calls/requests/providercall:" + id)));
        }
    }
}
