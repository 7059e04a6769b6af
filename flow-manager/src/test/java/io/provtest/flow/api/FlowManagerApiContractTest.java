package io.provtest.flow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.RpcApis;
import io.provtest.common.api.flow.CreateActiveflowRequest;
import io.provtest.common.api.flow.CreateFlowRequest;
import io.provtest.common.api.flow.FlowManagerApi;
import io.provtest.common.api.flow.FlowSpec;
import io.provtest.common.api.flow.NextAction;
import io.provtest.common.api.flow.NextActionRequest;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.model.Activeflow;
import io.provtest.common.model.Flow;
import io.provtest.common.rpc.RpcClient;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link FlowManagerApi}: each request of the shared client is served by flow-manager's real routes
 * over the real broker and database, and the typed reply decodes. Flows and temporary flows, then activeflows,
 * then a customer's flow as the gateway relays it.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class FlowManagerApiContractTest {

    @Inject
    RpcClient rpc;

    private FlowManagerApi api() {
        return RpcApis.client(FlowManagerApi.class, rpc, Duration.ofSeconds(5));
    }

    private static JsonNode actions() {
        return Json.tree(List.of(Map.of("type", "answer"), Map.of("type", "hangup")));
    }

    @Test
    void aTemporaryFlowIsCreatedReadCheckedAndDeleted() {
        UUID customer = UUID.randomUUID();
        UUID id = api().createTemporaryFlow(customer, "contract test", actions());
        Flow flow = api().flow(id);
        assertEquals(customer, flow.customerId());
        assertEquals(false, flow.persist());
        assertEquals(List.of("answer", "hangup"), flow.actions().stream().map(a -> a.type()).toList());
        assertNull(flow.tmDelete());
        api().requireUsable(id, customer);
        api().requireUsable(id, null);
        ServiceException foreign = assertThrows(ServiceException.class,
                () -> api().requireUsable(id, UUID.randomUUID()));
        assertEquals("FLOW_NOT_FOUND", foreign.error().reason());
        assertEquals(id, api().deleteFlow(id).id());
        ServiceException gone = assertThrows(ServiceException.class, () -> api().requireUsable(id, customer));
        assertEquals("FLOW_NOT_FOUND", gone.error().reason());
    }

    @Test
    void aTemporaryFlowTakesTheIdItsCallerRecordedAndARepeatedRequestGetsTheSameFlow() {
        UUID customer = UUID.randomUUID();
        UUID chosen = UUID.randomUUID();
        assertEquals(chosen, api().createTemporaryFlow(chosen, customer, "recorded first", actions()));
        assertEquals(chosen, api().createTemporaryFlow(chosen, customer, "recorded first", actions()),
                "a redelivered or retried request answers the flow it made");
        assertEquals(customer, api().flow(chosen).customerId());
        ServiceException other = assertThrows(ServiceException.class,
                () -> api().createTemporaryFlow(chosen, UUID.randomUUID(), "another customer", actions()));
        assertEquals("FLOW_ID_TAKEN", other.error().reason());
        ServiceException persisted = assertThrows(ServiceException.class, () -> api().createFlow(new CreateFlowRequest(
                customer, "kept", "", actions(), true, UUID.randomUUID())));
        assertEquals("INVALID_ARGUMENT", persisted.error().reason(), "a persisted flow's id is flow-manager's choice");
        assertEquals(chosen, api().deleteFlow(chosen).id());
    }

    @Test
    void flowManagersValidationErrorComesBackTyped() {
        ServiceException e = assertThrows(ServiceException.class, () -> api().createFlow(
                new CreateFlowRequest(UUID.randomUUID(), "x", "", Json.tree(List.of(Map.of("type", "dance"))),
                        true)));
        assertEquals("INVALID_ACTION_TYPE", e.error().reason());
    }

    @Test
    void anActiveflowRunsItsActionsInOrderThenFinishesAndStops() {
        UUID flowId = api().createFlow(new CreateFlowRequest(UUID.randomUUID(), "persisted", "contract test",
                actions(), true)).id();
        UUID callId = UUID.randomUUID();
        Activeflow active = api().createActiveflow(CreateActiveflowRequest.forCall(flowId, callId));
        assertEquals(flowId, active.flowId());
        assertEquals(callId, active.referenceId());
        assertEquals("call", active.referenceType());
        NextAction first = api().next(active.id(), new NextActionRequest(null));
        assertEquals("answer", first.action().type());
        assertNotNull(first.action().id());
        assertFalse(first.ended(), "an answer action leaves the activeflow running");
        NextAction second = api().next(active.id(), new NextActionRequest(first.action().id()));
        assertEquals("hangup", second.action().type());
        assertTrue(second.ended(), "handing out a hangup ends the activeflow");
        NextAction end = api().next(active.id(), new NextActionRequest(second.action().id()));
        assertTrue(end.finished());
        assertTrue(end.ended());
        assertNull(end.action());
        assertEquals(Activeflow.ENDED, api().stop(active.id()).status());
        api().stopQuietly(UUID.randomUUID()); // an unknown activeflow: nothing to stop, nothing thrown
    }

    @Test
    void aCustomersFlowIsRelayedThroughItsWholeLife() {
        UUID customer = UUID.randomUUID();
        JsonNode created = api().createFlowJson(new FlowSpec(customer, null, "relayed", "contract test", actions(),
                null, true));
        UUID id = UUID.fromString(created.path("id").asText());
        assertEquals(customer.toString(), api().flowJson(id).path("customer_id").asText());
        JsonNode page = api().flows(customer, 100, null);
        assertEquals(id.toString(), page.path("result").get(0).path("id").asText(), page.toString());
        assertEquals(1, page.path("result").size());
        JsonNode renamed = api().updateFlow(id, new FlowSpec(null, null, "renamed", null,
                Json.tree(List.of(Map.of("type", "hangup"))), null, null));
        assertEquals("renamed", renamed.path("name").asText());
        assertEquals("", renamed.path("detail").asText(), "an update replaces the flow's fields");
        assertEquals(1, renamed.path("actions").size());
        assertTrue(api().deleteFlowJson(id).hasNonNull("tm_delete"));
        ServiceException invalid = assertThrows(ServiceException.class, () -> api().updateFlow(id,
                new FlowSpec(null, null, null, null, Json.tree(List.of(Map.of("type", "dance"))), null, null)));
        assertEquals(400, invalid.error().status().httpStatus());
    }
}
