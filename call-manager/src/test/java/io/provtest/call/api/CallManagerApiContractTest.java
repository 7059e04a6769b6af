package io.provtest.call.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.RpcApis;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.api.call.CallsCreated;
import io.provtest.common.api.call.CreateCallsRequest;
import io.provtest.common.api.call.CreateRequestStatus;
import io.provtest.common.api.call.ProvidercallReportRequest;
import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Address;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sipp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link CallManagerApi}: each request of the shared client is served by call-manager's real routes
 * over the real broker and database, with a real SIPp carrier, and the typed reply decodes. Calls (create, the
 * create request's status, hangup) and the provider-call report.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class CallManagerApiContractTest {

    @Inject
    RpcClient rpc;

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

            JsonNode hungUp = api().hangupCall(callId);
            assertEquals(callId.toString(), hungUp.path("id").asText());
            carrier.awaitExit(20);
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
}
