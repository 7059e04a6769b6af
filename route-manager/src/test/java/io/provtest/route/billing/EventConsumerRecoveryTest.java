package io.provtest.route.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.provtest.common.json.Json;
import io.provtest.testing.InfraResource;
import io.provtest.testing.LocalInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * route-manager's SmallRye consumers survive their connection being cut while they hold unacknowledged messages, as
 * the broker restart of bench/faults.sh cut them: a burst of call_hangup events is published, the consumers'
 * connections are closed by the broker three times while the charges are being written (each time the ones
 * that came back after the cut before), and then every call is
 * charged once and liveness is up. With Vert.x's own reconnection on (before), the acks of the messages delivered
 * before each cut carried the lost connection's delivery tags, closed each new channel (406), and the consumer
 * ended dead ("Queue is full"), its events left in the queue.
 *
 * <p>The broker's connections are closed through its management API (administrator user of scripts/infra.sh; port
 * {@code TEST_RABBITMQ_MANAGEMENT_PORT}, default 15673); the test's own publishing connection is left alone.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class EventConsumerRecoveryTest {

    private static final int EVENTS = 1500;
    private static final String PUBLISHER = "event-consumer-recovery-test";

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/q/health/live")
    URI liveness;

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    private final LocalInfra infra = LocalInfra.fromEnvironment();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void consumersCutMidBurstChargeEveryCallOnceAndStayAlive() throws Exception {
        List<UUID> calls = new ArrayList<>();
        try (Connection connection = infra.rabbitConnection(PUBLISHER)) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare("call-manager.events", "topic", true);
            for (int i = 0; i < EVENTS; i++) {
                UUID callId = UUID.randomUUID();
                calls.add(callId);
                channel.basicPublish("call-manager.events", "call_hangup", new AMQP.BasicProperties(),
                        Json.bytes(Map.of("type", "call_hangup", "publisher", "call-manager", "data",
                                hangup(callId))));
            }
            Set<String> closed = new HashSet<>();
            for (int cut = 0; cut < 3; cut++) {
                Thread.sleep(300);
                assertTrue(closeNewConnections(closed), "route-manager's connections did not come back after cut "
                        + cut);
            }
        }
        long deadline = System.currentTimeMillis() + 120_000;
        int charged = 0;
        while (System.currentTimeMillis() < deadline && (charged = charged(calls)) < EVENTS) {
            Thread.sleep(500);
        }
        assertEquals(EVENTS, charged, "calls charged after the cuts (the rest are stuck behind a dead consumer)");
        assertEquals(EVENTS, lines(calls), "each call charged once");
        // alive and ready again within a minute: a dead consumer stays down for good. Charged in batches, the burst
        // can be done while the last cut's connections are still coming back, so neither is read once at once (the
        // next test class on the same application then found the RPC client's broker "not reachable")
        HttpResponse<String> live = healthWithin(liveness);
        assertEquals(200, live.statusCode(), "liveness after the cuts: " + live.body());
        HttpResponse<String> ready = healthWithin(readiness);
        assertEquals(200, ready.statusCode(), "readiness after the cuts: " + ready.body());
    }

    /** The health answer once it is 200, or the last one after 60 s. */
    private HttpResponse<String> healthWithin(URI check) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(check).build(),
                HttpResponse.BodyHandlers.ofString());
        for (long until = System.currentTimeMillis() + 60_000; answer.statusCode() != 200
                && System.currentTimeMillis() < until; ) {
            Thread.sleep(500);
            answer = http.send(HttpRequest.newBuilder(check).build(), HttpResponse.BodyHandlers.ofString());
        }
        return answer;
    }

    private static Map<String, Object> hangup(UUID callId) {
        Map<String, Object> data = new HashMap<>();
        data.put("id", callId.toString());
        data.put("customer_id", UUID.randomUUID().toString());
        data.put("direction", "outgoing");
        data.put("status", "hangup");
        data.put("destination", Map.of("type", "tel", "target", "+821012345678"));
        data.put("tm_progressing", "2026-12-01T10:00:00.000000Z");
        data.put("tm_hangup", "2026-12-01T10:01:01.000000Z");
        return data;
    }

    /** Calls of the burst with a charge line (the default plan rates "+" at 0, so each billable call gets one). */
    private int charged(List<UUID> calls) throws Exception {
        return count("select count(distinct reference_id) from billing.billing where reference_id = any(?)", calls);
    }

    private int lines(List<UUID> calls) throws Exception {
        return count("select count(*) from billing.billing where reference_id = any(?)", calls);
    }

    private int count(String sql, List<UUID> calls) throws Exception {
        try (java.sql.Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("uuid", calls.toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /**
     * Closes, as the broker, the connections of the test vhost (but the test's own) not closed before, once there are
     * some: the management API lists a new connection only at its next statistics round (every 5 s). False when none
     * came within 20 s.
     */
    private boolean closeNewConnections(Set<String> closed) throws Exception {
        String vhost = URLEncoder.encode(infra.rabbitVhost(), StandardCharsets.UTF_8);
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            List<String> fresh = new ArrayList<>();
            for (JsonNode c : Json.MAPPER.readTree(management("GET", "/api/vhosts/" + vhost + "/connections"))) {
                String name = c.path("name").asText();
                if (!PUBLISHER.equals(c.path("client_properties").path("connection_name").asText())
                        && !closed.contains(name)) {
                    fresh.add(name);
                }
            }
            if (!fresh.isEmpty()) {
                for (String name : fresh) {
                    management("DELETE", "/api/connections/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                            .replace("+", "%20"));
                    closed.add(name);
                }
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    private String management(String method, String path) throws Exception {
        String port = System.getenv().getOrDefault("TEST_RABBITMQ_MANAGEMENT_PORT", "15673");
        String auth = Base64.getEncoder().encodeToString((infra.rabbitUser() + ":" + infra.rabbitPassword())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://" + infra.rabbitHost() + ":" + port + path))
                .header("Authorization", "Basic " + auth).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300 || response.statusCode() == 404,
                method + " " + path + ": " + response.statusCode());
        return response.body();
    }
}
