package io.provtest.gateway.webhook;

import static io.provtest.gateway.Logins.admin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.provtest.common.amqp.Broker;
import io.provtest.common.event.EventEnvelope;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker routes to the webhook queues only the events of customers with a webhook (the real RabbitMQ). What
 * reached a queue is read from a queue of the test's own bound where the intake's is; an event that must not arrive
 * is published before one that must, so when the second has arrived the first would have too (one channel, one
 * queue: the broker keeps their order).
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class WebhookRoutingTest {

    @Inject
    Broker broker;

    private Channel channel;
    private String probe;

    @BeforeEach
    void open() {
        channel = broker.newChannel();
    }

    @AfterEach
    void close() throws Exception {
        channel.close();
    }

    /** A queue of the test's own, bound to {@code deliveries} as the intake's queue is. */
    private String probe(String deliveries) throws Exception {
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, deliveries, "");
        return queue;
    }

    private void publish(String source, String type, String customer) throws Exception {
        String body = "{\"type\":\"" + type + "\",\"publisher\":\"test\",\"request_id\":\"req_routing\",\"data\":"
                + "{\"id\":\"" + UUID.randomUUID() + "\",\"customer_id\":\"" + customer + "\"}}";
        AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder().contentType("application/json");
        if (customer != null) {
            properties.headers(Map.of(EventEnvelope.CUSTOMER_HEADER, customer));
        }
        channel.basicPublish(source, type, properties.build(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The next message on the probe queue within 5 s: "type customer". */
    private String next() throws Exception {
        long until = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < until) {
            GetResponse got = channel.basicGet(probe, true);
            if (got != null) {
                String body = new String(got.getBody(), StandardCharsets.UTF_8);
                String type = got.getEnvelope().getRoutingKey();
                return type + " " + body.substring(body.indexOf("\"customer_id\":\"") + 15, body.lastIndexOf('"'));
            }
            Thread.sleep(20);
        }
        return null;
    }

    private void assertNothingMore() throws Exception {
        Thread.sleep(300);
        assertNull(channel.basicGet(probe, true), "nothing else was routed");
    }

    @Test
    void onlyHookedCustomersEventsOfTheWebhookTypesAreRoutedAndTheOldDirectBindingsGo() throws Exception {
        String suffix = UUID.randomUUID().toString();
        WebhookRouting.Route route = new WebhookRouting.Route("test-routing.events." + suffix,
                List.of("call_ringing", "call_hangup"), "test-routing.webhooks." + suffix);
        // what an earlier gateway left: its queue bound to the source directly, taking every customer's events
        channel.exchangeDeclare(route.source(), BuiltinExchangeType.TOPIC, true);
        channel.queueDeclare(route.deliveries(), false, false, true, null);
        channel.queueBind(route.deliveries(), route.source(), "call_ringing");

        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        Set<UUID> hooked = ConcurrentHashMap.newKeySet();
        hooked.add(a);
        WebhookRouting routing = new WebhookRouting(broker, () -> List.copyOf(hooked), List.of(route),
                Duration.ofHours(1));
        try {
            routing.start();
            routing.check();
            channel.queueBind(route.deliveries(), route.deliveries(), ""); // as the intake's channel does
            probe = route.deliveries();

            publish(route.source(), "call_ringing", b.toString()); // a customer without a webhook
            publish(route.source(), "call_ringing", null); // no customer header
            publish(route.source(), "call_created", a.toString()); // not a webhook event
            publish(route.source(), "call_ringing", a.toString());
            assertEquals("call_ringing " + a, next());
            assertNothingMore();

            // a change through this replica takes effect at once
            routing.customerChanged(a, false);
            routing.customerChanged(c, true);
            publish(route.source(), "call_hangup", a.toString());
            publish(route.source(), "call_hangup", c.toString());
            assertEquals("call_hangup " + c, next());
            assertNothingMore();

            // changes made elsewhere (a has a webhook again, c none) are found by the next check, which also removes
            // a direct binding an earlier gateway made again (one reconnecting during a rolling upgrade)
            hooked.clear();
            hooked.add(a);
            channel.queueBind(route.deliveries(), route.source(), "call_hangup");
            routing.check();
            publish(route.source(), "call_hangup", c.toString());
            publish(route.source(), "call_hangup", a.toString());
            assertEquals("call_hangup " + a, next());
            assertNothingMore();
        } finally {
            routing.onStop(null);
            channel.queueDelete(route.deliveries());
            channel.exchangeDelete(route.deliveries());
            channel.exchangeDelete(route.customers());
            channel.exchangeDelete(route.source());
        }
    }

    @Test
    void aWebhookSetOrRemovedThroughTheApiChangesWhatTheBrokerRoutesAtOnce() throws Exception {
        String admin = admin();
        String hook = "http://127.0.0.1:9/hook";
        String x = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "routed", "webhook_uri", hook)).post("/v1.0/customers")
                .then().statusCode(200).extract().path("id");
        String marker = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "marker", "webhook_uri", hook)).post("/v1.0/customers")
                .then().statusCode(200).extract().path("id");
        String none = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "unhooked")).post("/v1.0/customers")
                .then().statusCode(200).extract().path("id");
        probe = probe("api-gateway.webhook-call-events");

        publish("call-manager.events", "call_ringing", none);
        publish("call-manager.events", "call_ringing", x);
        assertEquals("call_ringing " + x, next(), "created with a webhook: routed from the next event on");
        assertNothingMore();

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("webhook_uri", ""))
                .put("/v1.0/customers/" + x).then().statusCode(200);
        publish("call-manager.events", "call_hangup", x);
        publish("call-manager.events", "call_hangup", marker);
        assertEquals("call_hangup " + marker, next(), "the webhook removed: no longer routed");
        assertNothingMore();

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("webhook_uri", hook))
                .put("/v1.0/customers/" + x).then().statusCode(200);
        publish("call-manager.events", "groupcall_hangup", x);
        assertEquals("groupcall_hangup " + x, next(), "set again");

        given().auth().oauth2(admin).delete("/v1.0/customers/" + x).then().statusCode(200);
        publish("call-manager.events", "call_hangup", x);
        publish("call-manager.events", "call_hangup", marker);
        assertEquals("call_hangup " + marker, next(), "deleted: no longer routed");
        assertNothingMore();

        // the provider-call events' route binds the same customers
        probe = probe("api-gateway.webhook-providercall-events");
        publish("route-manager.events", "providercall_created", none);
        publish("route-manager.events", "providercall_created", marker);
        String got = next();
        assertNotNull(got);
        assertEquals("providercall_created " + marker, got);
        assertNothingMore();
    }
}
