package io.provtest.route.providercall;

import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.StandInService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The requests the orchestration tests send to route-manager's real queue: a provider, then a provider call of one tel
 * destination through it with inline actions, for a new customer and admin.
 */
final class ProviderCallRequests {

    private static final Duration T = Duration.ofSeconds(15);

    private ProviderCallRequests() {
    }

    /** A sip provider at {@code host}: its id. */
    static String provider(RpcClient rpc, String host) {
        return rpc.call("route-manager", "POST", "/v1/providers", Map.of("type", "sip", "hostname", host), T)
                .dataOrThrow().get("id").asText();
    }

    /** {@code POST /v1/providercalls} to +821012345678 from +14155551234 running {@code actions}; the answer as is. */
    static RpcResponse create(RpcClient rpc, String provider, List<Object> actions) {
        return rpc.call("route-manager", "POST", "/v1/providercalls", Map.of("customer_id", UUID.randomUUID().toString(),
                "created_by", UUID.randomUUID().toString(), "request", request(provider, actions)), T);
    }

    /** The same request for {@code customer} under an Idempotency-Key: sent twice, it is the client's retry. */
    static RpcResponse create(RpcClient rpc, String provider, List<Object> actions, String customer, String key) {
        return rpc.call("route-manager", "POST", "/v1/providercalls", Map.of("customer_id", customer,
                "created_by", customer, "idempotency_key", key, "request", request(provider, actions)), T);
    }

    private static Map<String, Object> request(String provider, List<Object> actions) {
        return Map.of("provider_id", provider, "source", Map.of("type", "tel", "target", "+14155551234"),
                "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")), "actions", actions);
    }

    /** The provider call a call-manager stand-in was asked to place calls for, by the request's key. */
    static String recordId(StandInService calls) {
        return calls.received().get(0).data().get("request_key").asText().substring("providercall:".length());
    }

    /** Whether a flow-manager stand-in was asked to delete the flow {@code flowId}. */
    static boolean flowDeleted(StandInService flows, String flowId) {
        return flows.received().stream().anyMatch(r -> "DELETE".equals(r.method())
                && r.uri().equals("/v1/flows/" + flowId));
    }
}
