package io.provtest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.EventTap;
import io.provtest.testing.LocalInfra;
import io.provtest.testing.Sipp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calls and carriers for the end-to-end tests: providers pointing at SIPp, calls read back through the gateway. */
final class Calls {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SCENARIOS = Path.of("src/test/resources/sipp");
    private static String admin;
    private static String customerId;

    private Calls() {
    }

    static synchronized String admin() {
        if (admin == null) {
            admin = Api.admin();
            customerId = Api.as(admin).get("/v1.0/me").path("customer_id");
        }
        return admin;
    }

    static String customerId() {
        admin();
        return customerId;
    }

    /** A carrier answering the INVITE with this final response. */
    static Sipp rejecting(Object code, Object reason) throws java.io.IOException {
        return rejecting(code, reason, 1);
    }

    /** A carrier answering each of {@code calls} INVITEs with this final response. */
    static Sipp rejecting(Object code, Object reason, int calls) throws java.io.IOException {
        String template = java.nio.file.Files.readString(SCENARIOS.resolve("uas_reject.xml"));
        Path scenario = java.nio.file.Files.createTempFile("uas_reject_" + code, ".xml");
        java.nio.file.Files.writeString(scenario, template.replace("@CODE@", code.toString())
                .replace("@REASON@", reason.toString()));
        return Sipp.uas(scenario, calls);
    }

    /** A tap on an events exchange of the system under test. */
    static EventTap tap(String exchange) throws Exception {
        LocalInfra infra = LocalInfra.fromEnvironment();
        return new EventTap(infra.rabbitHost(), infra.rabbitPort(), infra.rabbitUser(),
                infra.rabbitPassword(), infra.rabbitVhost(), exchange);
    }

    static String provider(String hostname, String prefix, String postfix, Map<String, String> headers) {
        return Api.as(admin()).body(Map.of("type", "sip", "hostname", hostname, "tech_prefix", prefix,
                "tech_postfix", postfix, "tech_headers", headers, "name", "sipp carrier")).post("/v1.0/providers")
                .then().statusCode(200).extract().path("id");
    }

    static String provider(Sipp carrier) {
        return provider(carrier.hostPort(), "", "", Map.of());
    }

    static RpcResponse createCalls(List<String> forcedProviders, String anonymous, Map<String, Object> destination) {
        return createCalls("call-manager", forcedProviders, anonymous, destination);
    }

    /** @param queue {@code call-manager} (any instance) or {@code call-manager.<instance id>} (that one) */
    static RpcResponse createCalls(String queue, List<String> forcedProviders, String anonymous,
                                   Map<String, Object> destination) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer_id", customerId());
        body.put("source", Map.of("type", "tel", "target", "+14155551234"));
        body.put("destinations", List.of(destination));
        body.put("anonymous", anonymous);
        body.put("metadata", Map.of("route_provider_ids", forcedProviders, "skip_source_validation", true,
                "rtp_debug", true));
        return Rpc.call(queue, "POST", "/v1/calls", body);
    }

    static String dial(List<String> forcedProviders, String anonymous) {
        return dial("call-manager", forcedProviders, anonymous);
    }

    static String dial(String queue, List<String> forcedProviders, String anonymous) {
        JsonNode result = createCalls(queue, forcedProviders, anonymous,
                Map.of("type", "tel", "target", "+821012345678")).dataOrThrow();
        assertEquals(1, result.get("calls").size(), result.toString());
        return result.get("calls").get(0).get("id").asText();
    }

    static JsonNode call(String id) throws Exception {
        return read("/v1.0/calls/" + id);
    }

    static JsonNode await(String id, String status, int seconds) throws Exception {
        return awaitStatus("/v1.0/calls/" + id, status, seconds);
    }

    /** Polls a resource through the gateway until its {@code status} is reached, failing with the last one seen. */
    static JsonNode awaitStatus(String path, String status, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        JsonNode resource = read(path);
        while (!status.equals(resource.get("status").asText()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            resource = read(path);
        }
        assertEquals(status, resource.get("status").asText(), resource.toString());
        return resource;
    }

    static JsonNode read(String path) throws Exception {
        return JSON.readTree(Api.as(admin()).get(path).then().statusCode(200).extract().asString());
    }

    static List<String> trace(String id) throws Exception {
        JsonNode messages = JSON.readTree(Api.as(admin()).get("/v1.0/calls/" + id + "/sip-messages")
                .then().statusCode(200).extract().asString()).get("result");
        List<String> lines = new ArrayList<>();
        messages.forEach(m -> lines.add(m.get("direction").asText() + " " + m.get("first_line").asText()));
        return lines;
    }

    /**
     * Registers a fresh number (one nobody holds: numbers are unique) for the customer, a tenant's caller id for
     * its groupcalls to tel destinations, which must come from a number it owns.
     */
    static String numberFor(String customerId) {
        String number = "+1" + (2000000000L + java.util.concurrent.ThreadLocalRandom.current().nextLong(7999999999L));
        Api.as(admin()).body(Map.of("number", number, "customer_id", customerId)).post("/v1.0/numbers")
                .then().statusCode(200);
        return number;
    }

    static void assertCarrierHappy(Sipp carrier) throws Exception {
        assertEquals(0, carrier.awaitExit(20), carrier.describe());
        assertEquals(1, carrier.stat("SuccessfulCall(C)"), carrier.describe());
    }

}
