package io.provtest.call.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.RpcApis;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.api.call.CallsCreated;
import io.provtest.common.api.call.CreateCallsRequest;
import io.provtest.common.api.call.CreateGroupcallRequest;
import io.provtest.common.api.call.RecordingSlice;
import io.provtest.common.api.call.CreateRequestStatus;
import io.provtest.common.api.call.ProvidercallReportRequest;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.call.media.RecordingStore;
import io.provtest.call.media.Recordings;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sipp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link CallManagerApi}: each request of the shared client is served by call-manager's real routes
 * over the real broker and database, with a real SIPp carrier, and the typed reply decodes. Calls (create, the
 * create request's status, hangup) and the provider-call report; then what the gateway relays: a call's record,
 * list, SIP messages, recording and deletion, and the groupcall routes.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class CallManagerApiContractTest {

    @Inject
    RpcClient rpc;

    @Inject
    RecordingStore recordings;

    private CallManagerApi api() {
        return RpcApis.client(CallManagerApi.class, rpc, Duration.ofSeconds(10));
    }

    private static CreateCallsRequest request(String key, UUID customer, Sipp carrier) {
        return new CreateCallsRequest(key, customer, null, new Address("tel", "+14155551234", null, null, null),
                List.of(new Address("sip", "+821012345678@" + carrier.hostPort(), null, null, null)), null, null);
    }

    @Test
    void aCallIsPlacedItsRequestStatusReadItsReportMadeAndItIsHungUp() throws Exception {
        UUID customer = UUID.randomUUID();
        String key = "providercall:" + UUID.randomUUID();
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_answer_bye.xml"), 1, "-d", "3000")) {
            CallsCreated created = api().createCalls(request(key, customer, carrier));
            assertEquals(1, created.calls().size(), created.toString());
            UUID callId = created.calls().get(0).id();
            assertEquals(callId, created.outcomes().get(0).callId());

            CreateRequestStatus status = api().createRequestStatus(key);
            assertTrue(status.served(), status.toString());
            assertEquals(callId, status.result().calls().get(0).id());

            JsonNode report = api().providercallReport(new ProvidercallReportRequest(UUID.randomUUID(),
                    List.of(callId), List.of()));
            assertEquals(callId.toString(), report.at("/calls/0/call_id").asText(), report.toString());
            // asked for a final report only, while the call is up: incomplete, and nothing of the call is built
            JsonNode notYet = api().providercallReport(new ProvidercallReportRequest(UUID.randomUUID(),
                    List.of(callId), List.of(), true));
            assertFalse(notYet.path("complete").asBoolean(true), notYet.toString());
            assertEquals(0, notYet.path("calls").size(), notYet.toString());

            JsonNode listed = api().calls(customer, 100, null);
            assertEquals(callId.toString(), listed.path("result").get(0).path("id").asText(), listed.toString());
            assertEquals(customer.toString(), api().call(callId).path("customer_id").asText());
            assertTrue(api().sipMessages(callId, null).path("result").isArray());
            assertTrue(api().sipMessages(callId, "customer").path("result").isArray());

            JsonNode hungUp = api().hangupCall(callId);
            assertEquals(callId.toString(), hungUp.path("id").asText());
            carrier.awaitExit(20);
            // once it has ended, the same question answers the whole report
            JsonNode complete = notYet;
            for (long until = System.currentTimeMillis() + 10_000; !complete.path("complete").asBoolean()
                    && System.currentTimeMillis() < until; Thread.sleep(100)) {
                complete = api().providercallReport(new ProvidercallReportRequest(UUID.randomUUID(),
                        List.of(callId), List.of(), true));
            }
            assertTrue(complete.path("complete").asBoolean(), complete.toString());
            assertEquals(callId.toString(), complete.at("/calls/0/call_id").asText(), complete.toString());
            assertTrue(api().deleteCall(callId).hasNonNull("tm_delete"));
        }
    }

    @Test
    void anUnknownRequestKeyIsATyped404AndTheRawFormKeepsARefusal() {
        ServiceException e = assertThrows(ServiceException.class,
                () -> api().createRequestStatus("providercall:" + UUID.randomUUID()));
        assertEquals("CREATE_REQUEST_NOT_FOUND", e.error().reason());
        RpcResponse refused = api().createCallsAsync(new CreateCallsRequest(null, UUID.randomUUID(), null, null,
                List.of(), null, null)).join();
        assertEquals(400, refused.statusCode());
        assertEquals("INVALID_ARGUMENT", refused.error().reason());
        assertNotNull(refused.error().details());
    }

    @Test
    void aRecordingIsReadInSlices() {
        UUID callId = UUID.randomUUID();
        Recordings.storeSilence(recordings, callId, 10);
        RecordingSlice size = api().recording(callId, 0L, 0L);
        assertEquals(44 + 2 * 1600, size.size());
        assertEquals(0, size.bytes().length);
        RecordingSlice head = api().recording(callId, 0L, 4L);
        assertEquals("RIFF", new String(head.bytes(), StandardCharsets.US_ASCII));
        assertEquals(10, api().recording(callId, size.size() - 10, 100L).bytes().length, "clipped to the size");
        ServiceException none = assertThrows(ServiceException.class,
                () -> api().recording(UUID.randomUUID(), 0L, 0L));
        assertEquals("RECORDING_NOT_FOUND", none.error().reason());
    }

    /** Placing one needs flow-manager (GroupcallPlacementTest and e2e do); here: each route answers the client. */
    @Test
    void groupcallRoutesAnswerTheRelayedRequests() {
        UUID customer = UUID.randomUUID();
        ServiceException invalid = assertThrows(ServiceException.class, () -> api().createGroupcall(
                new CreateGroupcallRequest(customer, Json.tree(new Address("tel", "+14155551234", null, null, null)),
                        Json.tree(List.of()), null, Json.tree(List.of(java.util.Map.of("type", "answer"))), null,
                        null, null)));
        assertEquals(400, invalid.error().status().httpStatus());
        assertNotNull(invalid.error().details());
        assertTrue(api().groupcalls(customer, 100, null).path("result").isEmpty());
        UUID unknown = UUID.randomUUID();
        assertEquals(404, assertThrows(ServiceException.class, () -> api().groupcall(unknown))
                .error().status().httpStatus());
        assertEquals(404, assertThrows(ServiceException.class, () -> api().deleteGroupcall(unknown))
                .error().status().httpStatus());
    }
}
