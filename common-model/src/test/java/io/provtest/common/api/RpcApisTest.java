package io.provtest.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.api.call.CreateCallsRequest;
import io.provtest.common.api.flow.FlowManagerApi;
import io.provtest.common.api.flow.NextActionRequest;
import io.provtest.common.api.route.DialrouteQuery;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.model.Provider;
import io.provtest.common.model.Route;
import io.provtest.common.page.Page;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The one client implementation against a transport that records what it is asked and answers a set reply. */
class RpcApisTest {

    /** What the implementation hands the transport, and the reply it gets back. */
    private static final class Transport implements RpcClient {
        final List<String> asked = new ArrayList<>();
        final List<JsonNode> bodies = new ArrayList<>();
        RpcResponse reply = RpcResponse.ok(Map.of());

        @Override
        public CompletableFuture<RpcResponse> send(String service, String method, String uri, Object data,
                                                   Duration timeout) {
            return CompletableFuture.completedFuture(call(service, method, uri, data, timeout));
        }

        @Override
        public RpcResponse call(String service, String method, String uri, Object data, Duration timeout) {
            asked.add(service + " " + method + " " + uri);
            bodies.add(data == null ? null : Json.tree(data));
            return reply;
        }
    }

    private final Transport transport = new Transport();

    @Test
    void aPathParameterFillsTheTemplateAndTheServiceComesFromTheInterface() {
        UUID id = UUID.randomUUID();
        transport.reply = RpcResponse.ok(Map.of("id", id.toString(), "hostname", "carrier.example:5060"));
        Provider provider = RpcApis.client(RouteManagerApi.class, transport, Duration.ofSeconds(1)).provider(id);
        assertEquals(List.of("route-manager GET /v1/providers/" + id), transport.asked);
        assertEquals(id, provider.id());
        assertEquals("carrier.example:5060", provider.hostname());
    }

    @Test
    void queryParametersAreEncodedAndNullOnesLeftOut() {
        transport.reply = RpcResponse.ok(Map.of("result", List.of(), "next_page_token", ""));
        RouteManagerApi api = RpcApis.client(RouteManagerApi.class, transport, Duration.ofSeconds(1));
        Page<Provider> page = api.providers(100, "a b+c=");
        api.providers(null, null);
        assertEquals(List.of("route-manager GET /v1/providers?page_size=100&page_token=a+b%2Bc%3D",
                "route-manager GET /v1/providers"), transport.asked);
        assertEquals(List.of(), page.result());
    }

    @Test
    void aPathValueThatWouldChangeTheRouteIsRefused() {
        CallManagerApi api = RpcApis.client(CallManagerApi.class, transport, Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, () -> api.createRequestStatus("a/../b"));
        assertThrows(IllegalArgumentException.class, () -> api.createRequestStatus("a?b"));
        assertTrue(transport.asked.isEmpty());
        api.createRequestStatus("providercall:" + UUID.randomUUID());
        assertTrue(transport.asked.get(0).startsWith("call-manager GET /v1/calls/requests/providercall:"));
    }

    @Test
    void theBodyKeepsTheWireNamesAndAGenericReplyIsDecoded() {
        UUID customer = UUID.randomUUID();
        UUID provider = UUID.randomUUID();
        transport.reply = RpcResponse.ok(List.of(Map.of("id", UUID.randomUUID().toString(),
                "provider_id", provider.toString())));
        List<Route> routes = RpcApis.client(RouteManagerApi.class, transport, Duration.ofSeconds(1))
                .dialroutes(new DialrouteQuery(customer, "+14155551234", List.of(provider)));
        assertEquals(provider, routes.get(0).providerId());
        JsonNode body = transport.bodies.get(0);
        assertEquals(customer.toString(), body.get("customer_id").asText());
        assertEquals(provider.toString(), body.at("/target_provider_ids/0").asText());
    }

    @Test
    void aNullFieldIsSentAsNullWhereTheServerReadsIt() {
        RpcApis.client(FlowManagerApi.class, transport, Duration.ofSeconds(1))
                .next(UUID.randomUUID(), new NextActionRequest(null));
        assertTrue(transport.bodies.get(0).has("current_action_id"));
        assertTrue(transport.bodies.get(0).get("current_action_id").isNull());
    }

    @Test
    void createCallsLeavesOutWhatIsNotGiven() {
        RpcApis.client(CallManagerApi.class, transport, Duration.ofSeconds(1)).createCalls(
                new CreateCallsRequest(null, UUID.randomUUID(), null, new Address("tel", "+14155551234", null, null, null),
                        List.of(), null, new CreateCallsRequest.Metadata(List.of(UUID.randomUUID()), true, null, null)));
        JsonNode body = transport.bodies.get(0);
        assertTrue(!body.has("request_key") && !body.has("flow_id") && !body.has("anonymous"), body.toString());
        assertTrue(body.at("/metadata/skip_source_validation").asBoolean());
        assertTrue(!body.get("metadata").has("rtp_debug"), body.toString());
    }

    @Test
    void aTypedErrorIsThrownAsItCameAndTheRawReplyFormKeepsIt() {
        ApiError notFound = ServiceException.notFound("PROVIDER_NOT_FOUND", "gone").error();
        transport.reply = RpcResponse.failure(notFound);
        RouteManagerApi routes = RpcApis.client(RouteManagerApi.class, transport, Duration.ofSeconds(1));
        ServiceException e = assertThrows(ServiceException.class, () -> routes.provider(UUID.randomUUID()));
        assertEquals("PROVIDER_NOT_FOUND", e.error().reason());
        assertEquals(ErrorStatus.NOT_FOUND, e.error().status());
        RpcResponse raw = RpcApis.client(CallManagerApi.class, transport, Duration.ofSeconds(1))
                .hangupCallAsync(UUID.randomUUID()).join();
        assertEquals(404, raw.statusCode());
    }

    @Test
    void aVoidLikeDefaultMethodRunsOnTheProxy() {
        transport.reply = RpcResponse.failure(ServiceException.notFound("FLOW_NOT_FOUND", "gone").error());
        FlowManagerApi flows = RpcApis.client(FlowManagerApi.class, transport, Duration.ofSeconds(1));
        flows.deleteTemporaryFlow(UUID.randomUUID()); // best effort: logged, not thrown
        assertEquals(1, transport.asked.size());
        assertTrue(transport.asked.get(0).startsWith("flow-manager DELETE /v1/flows/"));
    }

    @Test
    void aReplyOfTheWrongShapeIsATypedInternalError() {
        transport.reply = RpcResponse.ok(List.of(1, 2));
        RouteManagerApi routes = RpcApis.client(RouteManagerApi.class, transport, Duration.ofSeconds(1));
        ServiceException e = assertThrows(ServiceException.class, () -> routes.provider(UUID.randomUUID()));
        assertEquals(ErrorStatus.INTERNAL, e.error().status());
    }
}
