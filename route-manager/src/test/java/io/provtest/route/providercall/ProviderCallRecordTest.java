package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcClient;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A provider call's record is written (pending) and settled by single statements on the reactive client, and the
 * settled record is what the update answered: the caller's answer, the providercall_created event and a later read
 * through Hibernate must be the same record, every column included (addresses, outcomes, warnings, times).
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ProviderCallRecordTest {

    private static final Duration T = Duration.ofSeconds(10);

    @Inject
    RpcClient rpc;

    @Test
    void theAnswerTheEventAndTheStoredRecordAreTheSameSettledRecord() throws Exception {
        String callId = UUID.randomUUID().toString();
        try (StandInService calls = new StandInService("call-manager", r -> r.uri().equals("/v1/reports/providercall")
                ? StandInService.ok(Map.of("providercall_id", r.data().get("providercall_id").asText(),
                        "complete", false, "verdict", "inconclusive", "reasons", List.of(), "calls", List.of()))
                : StandInService.ok(Map.of("calls", List.of(Map.of("id", callId)), "outcomes", List.of(
                        Map.of("index", 0, "destination", Map.of("type", "tel", "target", "+821012345678"),
                                "call_id", callId),
                        Map.of("index", 1, "destination", Map.of("type", "tel", "target", "+821099999999"),
                                "error", Map.of("status", "FAILED_PRECONDITION", "reason", "NO_ROUTE",
                                        "message", "No route."))))));
             EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            String provider = rpc.call("route-manager", "POST", "/v1/providers", Map.of("type", "sip",
                    "hostname", "record.example"), T).dataOrThrow().get("id").asText();
            JsonNode answer = rpc.call("route-manager", "POST", "/v1/providercalls", Map.of(
                    "customer_id", UUID.randomUUID().toString(), "created_by", UUID.randomUUID().toString(),
                    "request", Map.of("provider_id", provider, "source", Map.of("type", "tel",
                                    "target", "+14155551234"),
                            "destinations", List.of(Map.of("type", "tel", "target", "+821012345678"),
                                    Map.of("type", "tel", "target", "+821099999999")))), T).dataOrThrow();
            String id = answer.get("id").asText();
            assertEquals("created", answer.get("status").asText());
            assertEquals(1, answer.get("call_ids").size(), answer.toString());
            assertEquals(callId, answer.at("/call_ids/0").asText());
            assertEquals("NO_ROUTE", answer.at("/outcomes/1/error/reason").asText(), answer.toString());
            assertEquals("+14155551234", answer.at("/source/target").asText());

            String event = tap.await(b -> b.contains("\"providercall_created\"") && b.contains(id), T);
            assertNotNull(event, "providercall_created published");
            assertEquals(answer, Json.MAPPER.readTree(event).get("data"), "the event is the record answered");
            JsonNode read = rpc.call("route-manager", "GET", "/v1/providercalls/" + id, null, T).dataOrThrow();
            assertEquals(answer, read, "the stored record, read through Hibernate, is the record answered");
        }
    }
}
