package io.provtest.call.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.RpcApis;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.api.call.CallsCreated;
import io.provtest.common.api.call.CreateCallsRequest;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sipp;
import io.provtest.testing.Sql;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A create-calls request bringing the inline actions of its temporary flow ({@code flow_actions}, a provider call's):
 * the call's activeflow request carries them for flow-manager to make the flow in the same transaction, and no flow
 * is asked for on its own; a groupcall, whose activeflows start only when its legs answer, has the flow made first.
 * flow-manager and the gateway are stand-ins on the real broker, the carrier a SIPp.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class CallsBringingTheirFlowTest {

    private static final JsonNode ACTIONS = Json.MAPPER.valueToTree(List.of(Map.of("type", "sleep",
            "option", Map.of("duration", 5000))));

    @Inject
    RpcClient rpc;

    @Inject
    DataSource dataSource;

    private CallManagerApi callManager() {
        return RpcApis.client(CallManagerApi.class, rpc, Duration.ofSeconds(10));
    }

    /** A flow-manager that starts activeflows of the one action asked for, and makes or stops anything else. */
    private static StandInService flowManager(UUID customer) throws Exception {
        return new StandInService("flow-manager", r -> {
            if ("POST".equals(r.method()) && "/v1/activeflows".equals(r.uri())) {
                return StandInService.ok(Map.of("id", UUID.randomUUID().toString(), "customer_id", customer.toString(),
                        "flow_id", r.data().get("flow_id").asText(), "reference_type", "call",
                        "reference_id", r.data().get("reference_id").asText(), "status", "running",
                        "actions", List.of(Map.of("id", UUID.randomUUID().toString(), "type", "sleep",
                                "option", Map.of("duration", 5000)))));
            }
            return StandInService.ok(Map.of("id", r.data() != null && r.data().hasNonNull("id")
                    ? r.data().get("id").asText() : UUID.randomUUID().toString()));
        });
    }

    @Test
    void aCallsActiveflowRequestCarriesTheTemporaryFlowAndNoFlowIsAskedForApart() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID flow = UUID.randomUUID();
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_answer_bye.xml"), 1, "-d", "300");
             StandInService flows = flowManager(customer)) {
            CallsCreated created = callManager().createCalls(new CreateCallsRequest(null, customer, flow,
                    new Address("tel", "+14155551234", null, null, null),
                    List.of(new Address("sip", "+821012345678@" + carrier.hostPort(), null, null, null)), null, null,
                    ACTIONS));
            assertEquals(1, created.calls().size(), created.toString());

            StandInService.Received start = flows.received().stream()
                    .filter(r -> "/v1/activeflows".equals(r.uri())).findFirst().orElseThrow();
            assertEquals(flow.toString(), start.data().get("flow_id").asText());
            assertEquals(created.calls().get(0).id().toString(), start.data().get("reference_id").asText());
            JsonNode temporary = start.data().get("temporary_flow");
            assertNotNull(temporary, "the activeflow request brings the flow: " + start.data());
            assertEquals(customer.toString(), temporary.get("customer_id").asText());
            assertEquals(ACTIONS, temporary.get("actions"), "the actions as they came in, for flow-manager to judge");
            assertTrue(flows.received().stream().noneMatch(r -> "/v1/flows".equals(r.uri())),
                    "no flow asked for on its own: " + flows.received());
            assertEquals(0, carrier.awaitExit(20), carrier.describe());
        }
    }

    @Test
    void aGroupcallsTemporaryFlowIsMadeBeforeTheGroupcallUnderTheIdGiven() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID flow = UUID.randomUUID();
        UUID agent = UUID.randomUUID();
        try (StandInService flows = flowManager(customer);
             StandInService gateway = new StandInService("api-gateway", request -> StandInService.ok(Map.of(
                     "id", agent.toString(), "customer_id", customer.toString(), "addresses",
                     List.of(Map.of("type", "sip", "target", "+821012345678@127.0.0.1:5999")),
                     "ring_method", "ring_all", "deleted", false)))) {
            CallsCreated created = callManager().createCalls(new CreateCallsRequest(null, customer, flow,
                    new Address("tel", "+14155551234", null, null, null),
                    List.of(new Address("agent", agent.toString(), null, null, null)), null, null, ACTIONS));
            assertEquals(1, created.groupcalls().size(), created.toString());

            List<StandInService.Received> made = flows.received().stream()
                    .filter(r -> "POST".equals(r.method()) && "/v1/flows".equals(r.uri())).toList();
            assertEquals(1, made.size(), "the flow is made once: " + flows.received());
            assertEquals(flow.toString(), made.get(0).data().get("id").asText(), "under the id the request gave");
            assertEquals(false, made.get(0).data().get("persist").asBoolean());
            assertEquals(ACTIONS, made.get(0).data().get("actions"));
        }
    }

    @Test
    void flowManagersRefusalOfTheActionsIsTheWholeRequestsTyped400AndNothingIsStored() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID flow = UUID.randomUUID();
        try (StandInService flows = new StandInService("flow-manager", r -> StandInService.error(400,
                "INVALID_ARGUMENT", "INVALID_ACTION_TYPE", "actions[0]: unknown action type 'dance'."))) {
            RpcResponse refused = callManager().createCallsAsync(new CreateCallsRequest(null, customer, flow,
                    new Address("tel", "+14155551234", null, null, null),
                    List.of(new Address("sip", "+821012345678@127.0.0.1:5999", null, null, null),
                            new Address("sip", "+821012345679@127.0.0.1:5999", null, null, null)), null, null,
                    Json.MAPPER.valueToTree(List.of(Map.of("type", "dance"))))).join();
            assertEquals(400, refused.statusCode(), String.valueOf(refused));
            assertEquals("INVALID_ACTION_TYPE", refused.error().reason(), "flow-manager's refusal, as it gave it");
            assertTrue(refused.error().message().contains("actions[0]"), refused.error().message());
            assertEquals(1, flows.received().size(), "the first destination's refusal answers the request: "
                    + flows.received());
            assertEquals(0, Sql.count(dataSource, "select count(*) from call where customer_id = ?", customer),
                    "no call stored");
        }
    }

    @Test
    void flowActionsWithoutTheFlowIdToMakeThemUnderAre400() {
        RpcResponse refused = callManager().createCallsAsync(new CreateCallsRequest(null, UUID.randomUUID(), null,
                new Address("tel", "+14155551234", null, null, null),
                List.of(new Address("tel", "+821012345678", null, null, null)), null, null, ACTIONS)).join();
        assertEquals(400, refused.statusCode(), String.valueOf(refused));
        assertEquals("INVALID_ARGUMENT", refused.error().reason());
        assertTrue(String.valueOf(refused.error()).contains("flow_actions"), String.valueOf(refused.error()));
    }
}
