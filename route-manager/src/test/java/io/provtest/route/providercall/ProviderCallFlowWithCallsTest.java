package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
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
 * A provider call's inline actions travel with its create-calls request ({@code flow_actions}, the default): the
 * first call's activeflow makes the temporary flow in flow-manager, so route-manager asks flow-manager nothing on
 * the way (a request, a transaction and a wait fewer per provider call). What the flow-first path guaranteed still
 * holds: when the flow can be made, a pending record already names it, and a record settled without calls has its
 * flow deleted. flow-manager and call-manager are stand-ins on the real broker; the call-manager stand-in looks in
 * the database at the moment it is asked, which is what a kill at that moment would leave.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ProviderCallFlowWithCallsTest {

    @Inject
    RpcClient rpc;

    @Inject
    DataSource dataSource;

    @Inject
    PendingReconciler reconciler;

    /** A flow-manager that has no flow to delete: nothing was made. */
    private static StandInService noFlows() throws Exception {
        return new StandInService("flow-manager", r -> StandInService.error(404, "NOT_FOUND", "FLOW_NOT_FOUND",
                "The flow was not found."));
    }

    @Test
    void theActionsGoWithTheCallsUnderTheIdAPendingRecordNamesAndTheFlowIsDeletedWhenNoneWasPlaced() throws Exception {
        AtomicReference<String> recordWhenAsked = new AtomicReference<>();
        try (StandInService flows = noFlows();
             // the create-calls request is never answered, and call-manager never took it: the state a route-manager
             // killed right after sending it leaves behind
             StandInService calls = new StandInService("call-manager", r -> {
                 if (!"POST".equals(r.method())) {
                     return StandInService.error(404, "NOT_FOUND", "CREATE_REQUEST_NOT_FOUND", "No such request.");
                 }
                 recordWhenAsked.set(recordNaming(r.data().get("flow_id").asText()));
                 return StandInService.error(504, "UNAVAILABLE", "REQUEST_TIMEOUT", "call-manager did not answer.");
             })) {
            String provider = ProviderCallRequests.provider(rpc, "with-calls.example");
            RpcResponse response = ProviderCallRequests.create(rpc, provider, List.of(Map.of("type", "answer"),
                    Map.of("type", "hangup")));
            assertEquals("REQUEST_TIMEOUT", response.error().reason(), String.valueOf(response));

            var asked = calls.received().get(0).data();
            String flowId = asked.get("flow_id").asText();
            assertEquals(List.of("answer", "hangup"), asked.get("flow_actions").findValuesAsText("type"),
                    "the inline actions as the customer gave them");
            assertEquals("pending, flow_id and temp_flow_id = the flow the calls bring", recordWhenAsked.get(),
                    "when call-manager is asked (its calls may make the flow), a pending record already names it");
            assertTrue(flows.received().isEmpty(), "nothing asked of flow-manager on the way: " + flows.received());

            String id = ProviderCallRequests.recordId(calls);
            ProviderCallRows.makeStale(dataSource, id);
            assertTrue(reconciler.reconcile(Instant.now().minus(Duration.ofMinutes(2))) >= 1);
            assertEquals("failed", ProviderCallRows.status(dataSource, id), "never taken by call-manager: settled failed");
            assertTrue(ProviderCallRequests.flowDeleted(flows, flowId),
                    "its temporary flow is deleted: " + flows.received());
        }
    }

    @Test
    void invalidInlineActionsAreTheCustomersTypedErrorAndLeaveNoRecord() throws Exception {
        // flow-manager refuses the actions at the call's activeflow: call-manager places nothing and answers the
        // refusal as the request's
        try (StandInService flows = noFlows();
             StandInService calls = new StandInService("call-manager", r -> StandInService.error(400,
                     "INVALID_ARGUMENT", "INVALID_ACTION_TYPE", "Unknown action type 'dance'."))) {
            long before = Sql.count(dataSource, "select count(*) from providercall");
            String provider = ProviderCallRequests.provider(rpc, "invalid-with-calls.example");
            RpcResponse response = ProviderCallRequests.create(rpc, provider, List.of(Map.of("type", "dance")));
            assertEquals(400, response.statusCode(), String.valueOf(response));
            assertEquals("INVALID_ACTION_TYPE", response.error().reason());
            assertEquals(before, Sql.count(dataSource, "select count(*) from providercall"),
                    "the pending record was removed");
            String flowId = calls.received().get(0).data().get("flow_id").asText();
            assertNotNull(flowId);
            assertTrue(flows.received().stream().allMatch(r -> "DELETE".equals(r.method())
                    && r.uri().equals("/v1/flows/" + flowId)), "at most its flow's delete: " + flows.received());
        }
    }

    @Test
    void aCallWhoseActiveflowRequestTimedOutKeepsTheRecordPendingUntilTheReconciliationDeletesItsFlow()
            throws Exception {
        // call-manager placed nothing, but flow-manager may still make the flow the timed-out activeflow request
        // brought: no delete now (it could come first), the reconciliation deletes it once no create can land
        Map<String, Object> timedOut = Map.of("index", 0, "destination", Map.of("type", "tel", "target", "+821012345678"),
                "error", Map.of("status", "UNAVAILABLE", "reason", "REQUEST_TIMEOUT",
                        "message", "The request timed out waiting for flow-manager."));
        try (StandInService flows = noFlows();
             StandInService calls = new StandInService("call-manager", r -> "POST".equals(r.method())
                     ? StandInService.ok(Map.of("calls", List.of(), "outcomes", List.of(timedOut)))
                     : StandInService.ok(Map.of("status", "served", "result", Map.of("calls", List.of(),
                             "outcomes", List.of(timedOut)))))) {
            String provider = ProviderCallRequests.provider(rpc, "late-activeflow.example");
            RpcResponse response = ProviderCallRequests.create(rpc, provider, List.of(Map.of("type", "answer")));
            assertEquals("REQUEST_TIMEOUT", response.error().reason(), String.valueOf(response));
            String id = ProviderCallRequests.recordId(calls);
            String flowId = calls.received().get(0).data().get("flow_id").asText();
            assertEquals("pending", ProviderCallRows.status(dataSource, id), "kept, naming the flow");
            assertTrue(flows.received().isEmpty(), "no delete that could overtake the create: " + flows.received());

            ProviderCallRows.makeStale(dataSource, id);
            assertTrue(reconciler.reconcile(Instant.now().minus(Duration.ofMinutes(2))) >= 1);
            assertEquals("failed", ProviderCallRows.status(dataSource, id), "nothing placed: settled failed");
            assertTrue(ProviderCallRequests.flowDeleted(flows, flowId),
                    "its flow deleted before it settled: " + flows.received());
        }
    }

    private String recordNaming(String flowId) {
        try {
            return Sql.text(dataSource, "select status || case when flow_id = temp_flow_id and flow_id = ?"
                    + " then ', flow_id and temp_flow_id = the flow the calls bring' else ', another flow' end"
                    + " from providercall where temp_flow_id = ?", UUID.fromString(flowId), UUID.fromString(flowId));
        } catch (Exception e) {
            return "database: " + e.getMessage();
        }
    }
}
