package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.InfraResource;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * route-manager's orchestration when call-manager places nothing: the temporary flow its calls would have made is
 * deleted, no audit record is left, and the caller gets call-manager's typed reason. flow-manager and call-manager
 * are stand-ins answering their queues on the real broker.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ProviderCallCompensationTest {

    @Inject
    RpcClient rpc;

    @Inject
    DataSource dataSource;

    @Test
    void aRequestThatPlacesNoCallDeletesItsTemporaryFlowAndLeavesNoRecord() throws Exception {
        try (StandInService flows = new StandInService("flow-manager", r -> StandInService.ok(Map.of("id",
                     r.uri().substring(r.uri().lastIndexOf('/') + 1), "tm_delete", "2026-01-01T00:00:00.000000Z")));
             StandInService calls = new StandInService("call-manager", r -> StandInService.ok(Map.of("calls", List.of(),
                     "outcomes", List.of(Map.of("index", 0, "destination", Map.of("type", "tel", "target", "+821012345678"),
                             "error", Map.of("status", "FAILED_PRECONDITION", "reason", "NO_ROUTE",
                                     "message", "No route leads there."))))))) {
            String provider = rpc.call("route-manager", "POST", "/v1/providers", Map.of("type", "sip",
                    "hostname", "carrier.example"), Duration.ofSeconds(5)).dataOrThrow().get("id").asText();
            long before = records();
            RpcResponse response = rpc.call("route-manager", "POST", "/v1/providercalls", Map.of(
                    "customer_id", UUID.randomUUID().toString(), "created_by", UUID.randomUUID().toString(),
                    "request", Map.of("provider_id", provider, "source", Map.of("type", "tel", "target", "+14155551234"),
                            "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")),
                            "actions", List.of(Map.of("type", "answer")))), Duration.ofSeconds(10));
            assertEquals(409, response.statusCode());
            assertEquals("NO_ROUTE", response.error().reason());
            assertEquals(before, records(), "no audit record for a request that placed nothing");
            // the flow travelled with the calls (flow_actions): made, if at all, by a call's activeflow
            String tempFlow = calls.received().get(0).data().get("flow_id").asText();
            assertEquals("answer", calls.received().get(0).data().get("flow_actions").get(0).get("type").asText());
            assertTrue(flows.received().stream().noneMatch(r -> "POST".equals(r.method())),
                    "route-manager asked for no flow of its own: " + flows.received());
            assertTrue(flows.received().stream().anyMatch(r -> "DELETE".equals(r.method())
                    && r.uri().equals("/v1/flows/" + tempFlow)), "the temporary flow was deleted: " + flows.received());
            assertEquals(1, calls.received().size());
            assertEquals(true, calls.received().get(0).data().get("metadata").get("skip_source_validation").asBoolean());
        }
    }

    @Test
    void anUnhealthyProviderIsStillCalledButTheAnswerSaysSo() throws Exception {
        String callId = UUID.randomUUID().toString();
        try (StandInService calls = new StandInService("call-manager", r -> StandInService.ok(Map.of(
                "calls", List.of(Map.of("id", callId)), "outcomes", List.of(Map.of("index", 0,
                "destination", Map.of("type", "tel", "target", "+821012345678"), "call_id", callId)))))) {
            String provider = rpc.call("route-manager", "POST", "/v1/providers", Map.of("type", "sip",
                    "hostname", "sick.example"), Duration.ofSeconds(5)).dataOrThrow().get("id").asText();
            try (var c = dataSource.getConnection();
                 var ps = c.prepareStatement("update provider set health_status = 'unhealthy' where id = ?::uuid")) {
                ps.setString(1, provider);
                ps.executeUpdate();
            }
            var created = rpc.call("route-manager", "POST", "/v1/providercalls", Map.of(
                    "customer_id", UUID.randomUUID().toString(), "created_by", UUID.randomUUID().toString(),
                    "request", Map.of("provider_id", provider, "source", Map.of("type", "tel", "target", "+14155551234"),
                            "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")))),
                    Duration.ofSeconds(10)).dataOrThrow();
            assertEquals(callId, created.get("call_ids").get(0).asText());
            assertTrue(created.get("warnings").get(0).asText().contains("unhealthy"), created.toString());
        }
    }

    private long records() throws Exception {
        try (var c = dataSource.getConnection();
             var rs = c.createStatement().executeQuery("select count(*) from providercall")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
