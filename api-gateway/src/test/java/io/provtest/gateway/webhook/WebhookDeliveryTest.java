package io.provtest.gateway.webhook;

import static io.provtest.gateway.Logins.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.sun.net.httpserver.HttpServer;
import io.provtest.common.db.Db;
import io.provtest.common.event.EventEnvelope;
import io.provtest.common.json.Json;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end inside the gateway: events published on the real broker the way call-manager and
 * route-manager publish them, a real HTTP receiver on 127.0.0.1 (allowed by {@code webhook.allowed-hosts} in the
 * test profile) that checks every signature the way the README tells customers to, answers 500 once, and records
 * the order; the delivery log read back through the API.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class WebhookDeliveryTest {

    /** What the receiver saw, in arrival order. */
    record Hit(String id, String signature, String event, String body, int answered) {
    }

    private HttpServer server;
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    /** Event types whose first attempt is answered 500. */
    private final Set<String> failFirst = ConcurrentHashMap.newKeySet();
    private final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    private Connection broker;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("X-Webhook-Id");
            String event = exchange.getRequestHeaders().getFirst("X-Webhook-Event");
            boolean first = seenIds.add(id);
            int status = first && failFirst.contains(event) ? 500 : 200;
            hits.add(new Hit(id, exchange.getRequestHeaders().getFirst("X-Webhook-Signature"), event,
                    new String(body, StandardCharsets.UTF_8), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        Config config = ConfigProvider.getConfig();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.getValue("broker.host", String.class));
        factory.setPort(config.getValue("broker.port", Integer.class));
        factory.setUsername(config.getValue("broker.username", String.class));
        factory.setPassword(config.getValue("broker.password", String.class));
        factory.setVirtualHost(config.getValue("broker.virtual-host", String.class));
        broker = factory.newConnection("webhook-test");
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(0);
        broker.close();
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private static String createCustomer(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/v1.0/customers")
                .then().statusCode(200).extract().path("id");
    }

    private static String rotate(String token, String customerId) {
        return given().auth().oauth2(token).post("/v1.0/customers/" + customerId + "/webhook_secret")
                .then().statusCode(200).body("customer_id", equalTo(customerId)).body("secret", startsWith("whsec_"))
                .extract().path("secret");
    }

    /**
     * Publishes an event as the services do: topic exchange, routing key = type, our envelope as the body, the
     * customer in the header the broker routes webhook events by.
     */
    private void publish(String exchange, String type, String customerId, String resourceId) throws Exception {
        String body = Json.MAPPER.writeValueAsString(Map.of("type", type, "publisher", exchange.replace(".events", ""),
                "request_id", "req_webhooktest", "data", Map.of("id", resourceId, "customer_id", customerId,
                        "status", type.substring(type.indexOf('_') + 1),
                        "metadata", Map.of("rtp_debug", true))));
        try (Channel channel = broker.createChannel()) {
            channel.basicPublish(exchange, type, new AMQP.BasicProperties.Builder().contentType("application/json")
                    .headers(Map.of(EventEnvelope.CUSTOMER_HEADER, customerId)).build(),
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The check the README shows: HMAC-SHA256 over "t.body" with the secret, and a recent t. */
    private static boolean verifies(String secret, String header, String body) throws Exception {
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf(",v1=") + 4);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
        return expected.equals(v1) && Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)) < 300;
    }

    private void awaitHits(int count) throws InterruptedException {
        long until = System.currentTimeMillis() + 20_000;
        while (hits.size() < count && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertTrue(hits.size() >= count, "expected " + count + " requests, got " + hits);
    }

    private List<Hit> hitsOf(String resourceId) {
        return hits.stream().filter(h -> h.body().contains(resourceId)).toList();
    }

    @Inject
    DataSource dataSource;

    @Inject
    WebhookSecretRepository secrets;

    private int deliveryRows(String customerId) throws Exception {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("select count(*) from webhook_delivery where customer_id = ?::uuid")) {
            ps.setString(1, customerId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private String storedSecret(String customerId) throws Exception {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("select secret from webhook_secret where customer_id = ?::uuid")) {
            ps.setString(1, customerId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void secretsAreEncryptedAtRestAndOnesLeftInClearAreEncryptedAtStart() throws Exception {
        String admin = admin();
        String customer = createCustomer(admin, Map.of("name", "sealed", "webhook_uri", hookUrl()));
        String secret = rotate(admin, customer);
        String stored = storedSecret(customer);
        assertTrue(stored.startsWith("v1:"), "encrypted: " + stored);
        assertFalse(stored.contains(secret.substring("whsec_".length())), "the secret is not in the row");
        assertEquals(secret, Db.read(() -> secrets.secretOf(UUID.fromString(customer))));

        // a row an earlier version wrote in clear: read as it is, encrypted by the start-up pass
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("update webhook_secret set secret = 'whsec_legacy' where customer_id = ?::uuid")) {
            ps.setString(1, customer);
            assertEquals(1, ps.executeUpdate());
        }
        assertEquals("whsec_legacy", Db.read(() -> secrets.secretOf(UUID.fromString(customer))));
        secrets.onStart(null);
        assertTrue(storedSecret(customer).startsWith("v1:"), storedSecret(customer));
        assertEquals("whsec_legacy", Db.read(() -> secrets.secretOf(UUID.fromString(customer))));
        // and deliveries are signed with it
        publish("call-manager.events", "call_hangup", customer, UUID.randomUUID().toString());
        awaitHits(1);
        assertTrue(verifies("whsec_legacy", hits.get(0).signature(), hits.get(0).body()), hits.toString());
    }

    @Test
    void eventsAreSignedRetriedWithTheSameIdInOrderPerCallAndLogged() throws Exception {
        String admin = admin();
        String customer = createCustomer(admin, Map.of("name", "hooked", "webhook_uri", hookUrl()));
        given().auth().oauth2(admin).get("/v1.0/customers/" + customer).then().statusCode(200)
                .body("webhook_uri", equalTo(hookUrl())).body("webhook_method", equalTo("POST"))
                .body("$", not(hasKey("secret"))).body("$", not(hasKey("webhook_secret")));
        String secret = rotate(admin, customer);
        failFirst.add("call_ringing");

        String call = UUID.randomUUID().toString();
        String groupcall = UUID.randomUUID().toString();
        String providercall = UUID.randomUUID().toString();
        // what a binding that outlived its customer's webhook brings: it reaches the intake, which queues nothing
        String unhooked = createCustomer(admin, Map.of("name", "unhooked"));
        publish("api-gateway.webhook-call-events", "call_ringing", unhooked, UUID.randomUUID().toString());
        publish("call-manager.events", "call_created", customer, call); // not a webhook event
        publish("call-manager.events", "call_ringing", UUID.randomUUID().toString(), call); // a customer without one
        publish("call-manager.events", "call_ringing", customer, call);
        publish("call-manager.events", "call_progressing", customer, call);
        publish("call-manager.events", "call_hangup", customer, call);
        publish("call-manager.events", "groupcall_created", customer, groupcall);
        publish("route-manager.events", "providercall_created", customer, providercall);

        awaitHits(6);
        Thread.sleep(500); // nothing more may come
        assertEquals(6, hits.size(), hits.toString());
        assertEquals(0, deliveryRows(unhooked), "an event of a customer without a webhook queues nothing");
        for (Hit hit : hits) {
            assertTrue(verifies(secret, hit.signature(), hit.body()), "signature of " + hit);
            JsonNode body = Json.MAPPER.readTree(hit.body());
            assertEquals(hit.id(), body.get("webhook_id").asText());
            assertEquals(hit.event(), body.get("type").asText());
            assertEquals(customer, body.path("data").path("customer_id").asText());
            assertTrue(body.path("data").path("metadata").isEmpty(), "internal metadata is not sent: " + body);
        }

        // the call's events in order: ringing (500), ringing again with the same id, then progressing and hangup
        List<Hit> ofCall = hitsOf(call);
        assertEquals(List.of("call_ringing", "call_ringing", "call_progressing", "call_hangup"),
                ofCall.stream().map(Hit::event).toList());
        assertEquals(500, ofCall.get(0).answered());
        assertEquals(ofCall.get(0).id(), ofCall.get(1).id());
        assertEquals(1, hitsOf(groupcall).size());
        assertEquals("providercall_created", hitsOf(providercall).get(0).event());

        // the log shows every delivery, its attempts, status codes and latency
        JsonPath log = given().auth().oauth2(admin).queryParam("customer_id", customer).get("/v1.0/webhook-deliveries")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(5, log.getList("result").size());
        assertEquals(List.of("delivered", "delivered", "delivered", "delivered", "delivered"), log.getList("result.status"));
        Map<String, Object> ringing = log.getMap("result.find { it.event_type == 'call_ringing' }");
        assertEquals(ofCall.get(0).id(), ringing.get("id"));
        assertEquals(call, ringing.get("resource_id"));
        assertEquals(2, ringing.get("attempt_count"));
        assertEquals(hookUrl(), ringing.get("uri"));
        List<Map<String, Object>> attempts = log.getList("result.find { it.event_type == 'call_ringing' }.attempts");
        assertEquals(500, attempts.get(0).get("status_code"));
        assertEquals(200, attempts.get(1).get("status_code"));
        assertNotNull(attempts.get(1).get("latency_ms"));
        assertNotNull(ringing.get("tm_delivered"));
        given().auth().oauth2(admin).get("/v1.0/webhook-deliveries/" + ringing.get("id")).then().statusCode(200)
                .body("attempt_count", equalTo(2)).body("last_status_code", equalTo(200));

        // a rotated secret signs what comes after; the old one no longer verifies
        String rotated = rotate(admin, customer);
        assertNotEquals(secret, rotated);
        String call2 = UUID.randomUUID().toString();
        publish("call-manager.events", "call_hangup", customer, call2);
        awaitHits(7);
        Hit later = hitsOf(call2).get(0);
        assertTrue(verifies(rotated, later.signature(), later.body()));
        assertTrue(!verifies(secret, later.signature(), later.body()));
    }

    @Test
    void refusedAndInvalidTargetsAreA400AndNothingChanges() {
        String admin = admin();
        String customer = createCustomer(admin, Map.of("name", "careful"));
        for (String uri : List.of("http://127.0.0.2:8080/hook", "http://10.0.0.1/hook", "http://169.254.169.254/latest",
                "http://[::1]/hook")) {
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(Map.of("name", "careful", "webhook_uri", uri)).put("/v1.0/customers/" + customer)
                    .then().statusCode(400).body("error.reason", equalTo("DESTINATION_NOT_ALLOWED"))
                    .body("error.details[0].field", equalTo("webhook_uri"));
        }
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "webhook_uri", "http://10.1.2.3/")).post("/v1.0/customers")
                .then().statusCode(400).body("error.reason", equalTo("DESTINATION_NOT_ALLOWED"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "careful", "webhook_uri", hookUrl(), "webhook_method", "GET"))
                .put("/v1.0/customers/" + customer)
                .then().statusCode(400).body("error.reason", equalTo("INVALID_ARGUMENT"))
                .body("error.details[0].field", equalTo("webhook_method"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "careful", "webhook_uri", "ftp://example.com/x")).put("/v1.0/customers/" + customer)
                .then().statusCode(400).body("error.details[0].field", equalTo("webhook_uri"));
        given().auth().oauth2(admin).get("/v1.0/customers/" + customer).then().statusCode(200)
                .body("webhook_uri", equalTo("")).body("webhook_method", equalTo("POST"));

        // set, kept by a PUT that does not name it, removed by ""
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "careful", "webhook_uri", hookUrl(), "webhook_method", "put"))
                .put("/v1.0/customers/" + customer).then().statusCode(200)
                .body("webhook_uri", equalTo(hookUrl())).body("webhook_method", equalTo("PUT"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "renamed"))
                .put("/v1.0/customers/" + customer).then().statusCode(200)
                .body("name", equalTo("renamed")).body("webhook_uri", equalTo(hookUrl()));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "renamed", "webhook_uri", ""))
                .put("/v1.0/customers/" + customer).then().statusCode(200).body("webhook_uri", equalTo(""));
    }

    @Test
    void secretsAndLogsStayWithTheirCustomer() {
        String admin = admin();
        String mine = createCustomer(admin, Map.of("name", "mine", "webhook_uri", hookUrl()));
        String theirs = createCustomer(admin, Map.of("name", "theirs", "webhook_uri", hookUrl()));
        String username = "hook-admin-" + UUID.randomUUID();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("customer_id", mine, "username", username, "password", "secret-pass-1", "permission", 0x20))
                .post("/v1.0/agents").then().statusCode(200);
        String customerAdmin = given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "secret-pass-1")).post("/auth/login")
                .then().statusCode(200).extract().path("token");

        rotate(customerAdmin, mine);
        given().auth().oauth2(customerAdmin).post("/v1.0/customers/" + theirs + "/webhook_secret")
                .then().statusCode(403).body("error.reason", equalTo("PERMISSION_DENIED"));
        given().auth().oauth2(customerAdmin).queryParam("customer_id", theirs).get("/v1.0/webhook-deliveries")
                .then().statusCode(403);
        given().auth().oauth2(customerAdmin).get("/v1.0/webhook-deliveries").then().statusCode(200);
        given().auth().oauth2(admin).post("/v1.0/customers/" + UUID.randomUUID() + "/webhook_secret")
                .then().statusCode(404).body("error.reason", equalTo("CUSTOMER_NOT_FOUND"));
        given().post("/v1.0/customers/" + mine + "/webhook_secret").then().statusCode(401);
    }
}
