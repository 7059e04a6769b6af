package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.provtest.common.api.RpcApis;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.api.call.CallsCreated;
import io.provtest.common.api.call.CreateCallsRequest;
import io.provtest.common.api.call.CreateRequestStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.model.Address;
import io.provtest.common.rpc.RpcClient;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sipp;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A create request is served once: the same message delivered again (as the broker does when call-manager died
 * before acknowledging it), or a request repeated with the same request_key, answers the first result and places
 * no second call. Real broker, database and SIPp carrier.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class CreateOnceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    @Inject
    RpcClient rpc;

    private static Map<String, Object> createCalls(UUID customer, Sipp carrier) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer_id", customer.toString());
        body.put("source", Map.of("type", "tel", "target", "+14155551234"));
        body.put("destinations", List.of(Map.of("type", "sip", "target", "+821012345678@" + carrier.hostPort())));
        return body;
    }

    @Test
    void theSameMessageDeliveredAgainAnswersTheFirstResultAndPlacesNothing() throws Exception {
        UUID customer = UUID.randomUUID();
        var config = ConfigProvider.getConfig();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.getValue("broker.host", String.class));
        factory.setPort(config.getValue("broker.port", Integer.class));
        factory.setUsername(config.getValue("broker.username", String.class));
        factory.setPassword(config.getValue("broker.password", String.class));
        factory.setVirtualHost(config.getValue("broker.virtual-host", String.class));
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_answer_bye.xml"), 1, "-d", "300");
             Connection connection = factory.newConnection("create-once-test")) {
            Channel channel = connection.createChannel();
            String replies = channel.queueDeclare().getQueue();
            BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
            channel.basicConsume(replies, true, (tag, d) -> answers.add(JSON.readTree(d.getBody())), tag -> { });
            Map<String, Object> request = Map.of("uri", "/v1/calls", "method", "POST", "publisher", "test",
                    "request_id", "req_create_once", "data", createCalls(customer, carrier));
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().correlationId(UUID.randomUUID().toString())
                    .replyTo(replies).contentType("application/json").build();

            channel.basicPublish("", "call-manager.request", props, JSON.writeValueAsBytes(request));
            JsonNode first = answers.poll(15, TimeUnit.SECONDS);
            channel.basicPublish("", "call-manager.request", props, JSON.writeValueAsBytes(request));
            JsonNode again = answers.poll(15, TimeUnit.SECONDS);

            assertEquals(200, first.path("status_code").asInt(), String.valueOf(first));
            assertEquals(200, again.path("status_code").asInt(), String.valueOf(again));
            assertEquals(first.at("/data/calls/0/id").asText(), again.at("/data/calls/0/id").asText(),
                    "the second delivery answers the first call");
            assertEquals(1, callsOf(customer), "one call placed");
            assertEquals(0, carrier.awaitExit(20), carrier.describe());
        }
    }

    @Test
    void aRequestRepeatedWithItsRequestKeyAnswersTheFirstResult() throws Exception {
        UUID customer = UUID.randomUUID();
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_answer_bye.xml"), 1, "-d", "300")) {
            String key = "providercall:" + UUID.randomUUID();
            CreateCallsRequest body = new CreateCallsRequest(key, customer, null,
                    new Address("tel", "+14155551234", null, null, null),
                    List.of(new Address("sip", "+821012345678@" + carrier.hostPort(), null, null, null)), null, null);
            CallManagerApi calls = RpcApis.client(CallManagerApi.class, rpc, Duration.ofSeconds(10));
            CallsCreated first = calls.createCalls(body);
            CallsCreated again = calls.createCalls(body);
            assertEquals(first.calls().get(0).id(), again.calls().get(0).id());
            assertEquals(1, callsOf(customer));
            CreateRequestStatus status = calls.createRequestStatus(key);
            assertTrue(status.served(), status.toString());
            assertEquals(first.calls().get(0).id(), status.result().calls().get(0).id());
            ServiceException unknown = assertThrows(ServiceException.class,
                    () -> calls.createRequestStatus("providercall:unknown"));
            assertEquals(404, unknown.httpStatus());
            assertEquals(0, carrier.awaitExit(20), carrier.describe());
        }
    }

    /**
     * An instance killed right after a call's row is committed must leave a request that names the call (the
     * survivor answers it with its calls): the request's "placing" mark is committed with the row. A deferred
     * trigger looks, at the commit that stores the call, for a mark naming it.
     */
    @Test
    void aStoredCallIsNamedByItsRequestInTheTransactionThatStoresIt() throws Exception {
        UUID customer = UUID.randomUUID();
        execute("create table if not exists mark_seen (call_id uuid primary key, marked boolean not null)",
                "create or replace function mark_seen() returns trigger language plpgsql as $$ begin"
                        + " insert into call_manager.mark_seen values (new.id, exists (select 1"
                        + " from call_manager.create_request where result ? 'placing' and position(new.id::text in result::text) > 0));"
                        + " return null; end $$",
                "drop trigger if exists mark_seen on call",
                "create constraint trigger mark_seen after insert on call deferrable initially deferred for each row"
                        + " when (new.customer_id = '" + customer + "') execute function mark_seen()");
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_answer_bye.xml"), 1, "-d", "300")) {
            CreateCallsRequest body = new CreateCallsRequest("providercall:" + UUID.randomUUID(), customer, null,
                    new Address("tel", "+14155551234", null, null, null),
                    List.of(new Address("sip", "+821012345678@" + carrier.hostPort(), null, null, null)), null, null);
            CallsCreated created = RpcApis.client(CallManagerApi.class, rpc, Duration.ofSeconds(10))
                    .createCalls(body);
            UUID call = created.calls().get(0).id();
            try (var c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("select marked from mark_seen where call_id = ?")) {
                ps.setObject(1, call);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "the trigger saw the call's row stored");
                    assertTrue(rs.getBoolean(1), "the row was committed with its request's mark naming it");
                }
            }
            assertEquals(0, carrier.awaitExit(20), carrier.describe());
        } finally {
            execute("drop trigger if exists mark_seen on call", "drop function if exists mark_seen()",
                    "drop table if exists mark_seen");
        }
    }

    private void execute(String... statements) throws Exception {
        Sql.execute(dataSource, statements);
    }

    private long callsOf(UUID customer) throws Exception {
        return Sql.count(dataSource, "select count(*) from call where customer_id = ?", customer);
    }
}
