package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.InfraResource;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * With {@code PROVIDERCALL_FLOW_WITH_CALLS=false} (the path kept for rolling upgrades from a release before it),
 * route-manager asks flow-manager for a provider call's temporary flow before the calls, as it always did. The flow
 * is made only once the pending record naming it is written (issue 17 item 4):
 * whenever route-manager is killed, what it leaves is a pending record with its flow's id, and the reconciliation
 * deletes that flow when it settles the record, so no temporary flow waits 24 h with no record naming it.
 * flow-manager and call-manager are stand-ins on the real broker; the flow-manager stand-in looks in the database at
 * the moment it is asked, which is what a kill at that moment would leave.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
@TestProfile(ProviderCallFlowFirstTest.FlowFirst.class)
class ProviderCallFlowFirstTest {

    public static class FlowFirst implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("providercall.flow-with-calls", "false");
        }
    }

    @Inject
    RpcClient rpc;

    @Inject
    DataSource dataSource;

    @Inject
    PendingReconciler reconciler;

    @Test
    void theTemporaryFlowIsMadeAfterThePendingRecordThatNamesItAndIsDeletedWhenTheRecordIsSettled() throws Exception {
        AtomicReference<String> requested = new AtomicReference<>();
        AtomicReference<String> recordWhenAsked = new AtomicReference<>();
        try (StandInService flows = new StandInService("flow-manager", r -> {
                 if (!"POST".equals(r.method())) {
                     return StandInService.ok(Map.of("id", String.valueOf(requested.get())));
                 }
                 String id = r.data().path("id").isTextual() ? r.data().get("id").asText() : null;
                 requested.set(id);
                 recordWhenAsked.set(id == null ? "no id was recorded" : recordNaming(id));
                 return StandInService.ok(Map.of("id", id == null ? UUID.randomUUID().toString() : id));
             });
             // the create-calls request is never answered, and call-manager never took it: the state a route-manager
             // killed before sending it leaves behind
             StandInService calls = new StandInService("call-manager", r -> "POST".equals(r.method())
                     ? StandInService.error(504, "UNAVAILABLE", "REQUEST_TIMEOUT", "call-manager did not answer.")
                     : StandInService.error(404, "NOT_FOUND", "CREATE_REQUEST_NOT_FOUND", "No such request."))) {
            String provider = ProviderCallRequests.provider(rpc, "order.example");
            RpcResponse response = ProviderCallRequests.create(rpc, provider, List.of(Map.of("type", "answer")));
            assertEquals("REQUEST_TIMEOUT", response.error().reason(), String.valueOf(response));

            String flowId = requested.get();
            assertEquals("pending, flow_id and temp_flow_id = the flow asked for", recordWhenAsked.get(),
                    "when flow-manager is asked for the temporary flow, a pending record already names it");
            assertNotNull(flowId);
            String id = ProviderCallRequests.recordId(calls);
            assertEquals(flowId, calls.received().get(0).data().get("flow_id").asText(), "the calls run that flow");

            ProviderCallRows.makeStale(dataSource, id);
            assertTrue(reconciler.reconcile(Instant.now().minus(Duration.ofMinutes(2))) >= 1);
            assertEquals("failed", ProviderCallRows.status(dataSource, id), "never taken by call-manager: settled failed");
            assertTrue(ProviderCallRequests.flowDeleted(flows, flowId),
                    "its temporary flow is deleted: " + flows.received());
        }
    }

    @Test
    void invalidInlineActionsLeaveNoRecord() throws Exception {
        try (StandInService flows = new StandInService("flow-manager", r -> StandInService.error(400,
                "INVALID_ARGUMENT", "INVALID_ACTION_TYPE", "Unknown action type."))) {
            String provider = ProviderCallRequests.provider(rpc, "invalid.example");
            long before = count("select count(*) from providercall");
            RpcResponse response = ProviderCallRequests.create(rpc, provider, List.of(Map.of("type", "dance")));
            assertEquals("INVALID_ACTION_TYPE", response.error().reason(), String.valueOf(response));
            assertEquals(before, count("select count(*) from providercall"), "the pending record was removed");
            assertTrue(flows.received().stream().noneMatch(r -> "DELETE".equals(r.method())),
                    "a refused flow was never made: nothing to delete");
        }
    }

    @Test
    void aTemporaryFlowThatMayStillBeMadeKeepsItsRecordUntilTheReconciliationDeletesIt() throws Exception {
        AtomicBoolean flowManagerAnswers = new AtomicBoolean(false);
        AtomicReference<String> asked = new AtomicReference<>();
        try (StandInService flows = new StandInService("flow-manager", r -> {
                 if ("POST".equals(r.method())) {
                     asked.set(r.data().path("id").asText());
                     sleep(4_000); // past route-manager's 3 s: the create is made, its answer comes too late
                     return StandInService.ok(Map.of("id", asked.get()));
                 }
                 return flowManagerAnswers.get() ? StandInService.ok(Map.of("id", asked.get()))
                         : StandInService.error(503, "UNAVAILABLE", "SERVICE_UNAVAILABLE", "flow-manager is away.");
             });
             StandInService calls = new StandInService("call-manager", r -> StandInService.error(404, "NOT_FOUND",
                     "CREATE_REQUEST_NOT_FOUND", "No create request with this key was taken."))) {
            String provider = ProviderCallRequests.provider(rpc, "late-flow.example");
            RpcResponse response = ProviderCallRequests.create(rpc, provider, List.of(Map.of("type", "answer")));
            assertEquals("REQUEST_TIMEOUT", response.error().reason(), String.valueOf(response));
            String flowId = asked.get();
            String id = idOfRecordNaming(flowId);
            assertEquals("pending", ProviderCallRows.status(dataSource, id),
                    "the record still names the flow that may be made after the answer was given up");
            assertTrue(flows.received().stream().noneMatch(r -> "DELETE".equals(r.method())),
                    "no delete sent that could overtake the create");

            ProviderCallRows.makeStale(dataSource, id);
            reconciler.reconcile(Instant.now().minus(Duration.ofMinutes(2)));
            assertEquals("pending", ProviderCallRows.status(dataSource, id),
                    "the flow could not be deleted: the record stays, naming it");

            flowManagerAnswers.set(true);
            assertTrue(reconciler.reconcile(Instant.now().minus(Duration.ofMinutes(2))) >= 1);
            assertEquals("failed", ProviderCallRows.status(dataSource, id), "never taken by call-manager");
            assertTrue(ProviderCallRequests.flowDeleted(flows, flowId),
                    "its flow deleted before it settled");
        }
    }

    private String idOfRecordNaming(String flowId) throws SQLException {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("select id::text from providercall where temp_flow_id = ?::uuid")) {
            ps.setString(1, flowId);
            var rs = ps.executeQuery();
            assertTrue(rs.next(), "no record names the temporary flow " + flowId);
            return rs.getString(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String recordNaming(String flowId) {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("select status, flow_id::text, temp_flow_id::text from providercall"
                     + " where temp_flow_id = ?::uuid")) {
            ps.setString(1, flowId);
            var rs = ps.executeQuery();
            if (!rs.next()) {
                return "no record names the flow";
            }
            return rs.getString(1) + (flowId.equals(rs.getString(2)) && flowId.equals(rs.getString(3))
                    ? ", flow_id and temp_flow_id = the flow asked for" : ", another flow: " + rs.getString(2));
        } catch (SQLException e) {
            return "database: " + e.getMessage();
        }
    }

    private long count(String sql) throws SQLException {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement(sql)) {
            var rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }
}
