package io.provtest.flow.activeflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
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
 * {@code POST /v1/activeflows} bringing its temporary flow ({@code temporary_flow}): how a provider call's calls
 * carry their inline actions, so that route-manager does not ask for the flow first. Through flow-manager's real
 * queue, database and event exchange.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ActiveflowWithTemporaryFlowTest {

    @Inject
    RpcClient rpc;

    @Inject
    DataSource dataSource;

    private RpcResponse start(String flowId, String customerId, List<Object> actions) {
        return rpc.call("flow-manager", "POST", "/v1/activeflows", Map.of("flow_id", flowId, "reference_type", "call",
                "reference_id", UUID.randomUUID().toString(), "temporary_flow", Map.of("customer_id", customerId,
                        "detail", "temporary flow of a provider call", "actions", actions)), Duration.ofSeconds(5));
    }

    @Test
    void theFirstActiveflowMakesTheTemporaryFlowAndAnnouncesItOnceAndTheNextOnesRunIt() throws Exception {
        String flowId = UUID.randomUUID().toString();
        String customer = UUID.randomUUID().toString();
        List<Object> actions = List.of(Map.of("type", "answer"), Map.of("type", "hangup"));
        try (EventTap tap = EventTap.onTestBroker("flow-manager.events")) {
            JsonNode first = start(flowId, customer, actions).dataOrThrow();
            JsonNode second = start(flowId, customer, actions).dataOrThrow();

            for (JsonNode activeflow : List.of(first, second)) {
                assertEquals(flowId, activeflow.get("flow_id").asText());
                assertEquals(customer, activeflow.get("customer_id").asText());
                assertEquals(List.of("answer", "hangup"), activeflow.get("actions").findValuesAsText("type"));
            }
            assertEquals(first.get("actions"), second.get("actions"), "both run the one flow, action ids included");
            assertEquals(1, Sql.count(dataSource, "select count(*) from flow where id = ? and customer_id = ?"
                    + " and not persist and tm_expire > now() and name = 'tmp'", UUID.fromString(flowId),
                    UUID.fromString(customer)), "one temporary flow, expiring, of that customer");

            String created = tap.await(b -> b.contains("\"flow_created\"") && b.contains(flowId), Duration.ofSeconds(5));
            assertNotNull(created, "flow_created reached the exchange");
            assertEquals(Json.MAPPER.readTree(created).get("data").get("actions"), first.get("actions"),
                    "the event carries the flow as stored");
            for (JsonNode activeflow : List.of(first, second)) {
                String id = activeflow.get("id").asText();
                assertNotNull(tap.await(b -> b.contains("\"activeflow_created\"") && b.contains(id),
                        Duration.ofSeconds(5)), "activeflow_created of " + id);
            }
            assertEquals(1, tap.received().stream().filter(b -> b.contains("\"flow_created\"") && b.contains(flowId))
                    .count(), "the flow is announced once, by the activeflow that made it: " + tap.received());
        }
    }

    @Test
    void invalidActionsAreRefusedWithTheFlowsOwnErrorsAndStoreNothing() throws Exception {
        String flowId = UUID.randomUUID().toString();
        RpcResponse refused = start(flowId, UUID.randomUUID().toString(), List.of(Map.of("type", "dance")));
        assertEquals(400, refused.statusCode(), String.valueOf(refused));
        assertEquals("INVALID_ACTION_TYPE", refused.error().reason(), "as POST /v1/flows answers it");
        assertEquals(0, Sql.count(dataSource, "select count(*) from flow where id = ?", UUID.fromString(flowId)));
        assertEquals(0, Sql.count(dataSource, "select count(*) from activeflow where flow_id = ?",
                UUID.fromString(flowId)));
    }

    @Test
    void aFlowOfAnotherCustomerUnderThatIdIsNotRunNorChanged() throws Exception {
        String owner = UUID.randomUUID().toString();
        String flowId = rpc.call("flow-manager", "POST", "/v1/flows", Map.of("customer_id", owner, "persist", true,
                "actions", List.of(Map.of("type", "answer"))), Duration.ofSeconds(5)).dataOrThrow().get("id").asText();

        RpcResponse refused = start(flowId, UUID.randomUUID().toString(), List.of(Map.of("type", "hangup")));
        assertEquals("FLOW_NOT_FOUND", refused.error().reason(), String.valueOf(refused));
        assertEquals(404, refused.statusCode());
        assertEquals(0, Sql.count(dataSource, "select count(*) from activeflow where flow_id = ?",
                UUID.fromString(flowId)));
        assertEquals("answer", Sql.text(dataSource, "select actions->0->>'type' from flow where id = ? and persist",
                UUID.fromString(flowId)), "the owner's flow is as it was");
    }
}
