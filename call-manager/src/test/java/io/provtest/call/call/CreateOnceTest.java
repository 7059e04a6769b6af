package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import io.provtest.testing.StandInService;
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

    @Inject
    CreateOnce once;

    /** One call to the carrier, with a request_key. */
    private static CreateCallsRequest keyed(String key, UUID customer, Sipp carrier) {
        return new CreateCallsRequest(key, customer, null, new Address("tel", "+14155551234", null, null, null),
                List.of(new Address("sip", "+821012345678@" + carrier.hostPort(), null, null, null)), null, null);
    }

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

    /**
     * A request repeated with its key answers the first result. The answer goes back before it is written (a create
     * worker does not wait for it) and is written right after: the stored row holds the answer, not the "placing"
     * mark, and nothing is left waiting to be written.
     */
    @Test
    void aRequestRepeatedWithItsRequestKeyAnswersTheFirstResultWrittenRightAfterTheReply() throws Exception {
        UUID customer = UUID.randomUUID();
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_answer_bye.xml"), 1, "-d", "300")) {
            String key = "providercall:" + UUID.randomUUID();
            CreateCallsRequest body = keyed(key, customer, carrier);
            CallManagerApi calls = RpcApis.client(CallManagerApi.class, rpc, Duration.ofSeconds(10));
            CallsCreated first = calls.createCalls(body);
            String stored = null;
            for (int i = 0; i < 100 && (stored == null || stored.contains("placing") || once.unwrittenAnswers() > 0);
                 i++) {
                Thread.sleep(50);
                stored = Sql.text(dataSource, "select result::text from create_request where key = ?",
                        "key:/v1/calls:" + key);
            }
            assertNotNull(stored, "the answer is written");
            assertTrue(stored.contains(first.calls().get(0).id().toString()) && !stored.contains("placing"), stored);
            assertEquals(0, once.unwrittenAnswers(), "nothing left waiting to be written");
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

    /**
     * As for a call, a groupcall (an agent destination) is named by its request's mark in the transaction that stores
     * its row, and only it: its leg, a call stored after the row, is not named as one of the request's calls.
     * Deferred triggers look, at the commit storing each row, for a mark naming it.
     */
    @Test
    void aStoredGroupcallIsNamedByItsRequestInTheTransactionThatStoresItAndItsLegIsNot() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID agent = UUID.randomUUID();
        execute("create table if not exists placed_seen (id uuid primary key, kind text not null,"
                        + " marked boolean not null)",
                "create or replace function placed_seen() returns trigger language plpgsql as $$ begin"
                        + " insert into call_manager.placed_seen values (new.id, tg_table_name, exists (select 1"
                        + " from call_manager.create_request where result ? 'placing'"
                        + " and position(new.id::text in result::text) > 0));"
                        + " return null; end $$",
                "drop trigger if exists placed_seen on groupcall",
                "drop trigger if exists placed_seen on call",
                "create constraint trigger placed_seen after insert on groupcall deferrable initially deferred"
                        + " for each row when (new.customer_id = '" + customer + "') execute function placed_seen()",
                "create constraint trigger placed_seen after insert on call deferrable initially deferred"
                        + " for each row when (new.customer_id = '" + customer + "') execute function placed_seen()");
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_answer_bye.xml"), 1, "-d", "300");
             StandInService gateway = agentDirectory(agent, customer, "+821012345678@" + carrier.hostPort())) {
            CallsCreated created = RpcApis.client(CallManagerApi.class, rpc, Duration.ofSeconds(10))
                    .createCalls(toAgent("providercall:" + UUID.randomUUID(), customer, agent));
            assertEquals(List.of(), created.calls(), created.toString());
            assertEquals(1, created.groupcalls().size(), created.toString());
            UUID groupcall = created.groupcalls().get(0).id();
            assertEquals(Map.of(groupcall, true), seen("groupcall"),
                    "the groupcall's row was committed with its request's mark naming it");
            Map<UUID, Boolean> legs = seen("call");
            assertEquals(1, legs.size(), "the groupcall rang its agent's one address: " + legs);
            assertEquals(1, Sql.count(dataSource, "select count(*) from call where id = ? and groupcall_id = ?",
                    legs.keySet().iterator().next(), groupcall), "the call stored is the groupcall's leg");
            assertEquals(List.of(false), List.copyOf(legs.values()),
                    "the leg is not named by the request's mark: it is the groupcall's, not the request's call");
            assertEquals(0, carrier.awaitExit(20), carrier.describe());
        } finally {
            execute("drop trigger if exists placed_seen on groupcall", "drop trigger if exists placed_seen on call",
                    "drop function if exists placed_seen()", "drop table if exists placed_seen");
        }
    }

    /**
     * The other half of one transaction: a groupcall whose row's commit fails leaves no mark naming it behind (a
     * mark written in a transaction of its own before the row would survive, and the survivor of a kill would answer
     * the request with a groupcall that does not exist). A deferred trigger fails the commit; every mark written for
     * the request is logged by a trigger in the writing transaction, so only committed marks stay logged.
     */
    @Test
    void aGroupcallWhoseRowIsNotCommittedLeavesNoMarkNamingIt() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID agent = UUID.randomUUID();
        String requestKey = "providercall:" + UUID.randomUUID();
        execute("create table if not exists marks_logged (key text not null, result text not null)",
                "create or replace function marks_logged() returns trigger language plpgsql as $$ begin"
                        + " if new.result ? 'placing' then"
                        + " insert into call_manager.marks_logged values (new.key, new.result::text); end if;"
                        + " return null; end $$",
                "drop trigger if exists marks_logged on create_request",
                "create trigger marks_logged after update on create_request for each row"
                        + " when (new.key like '%:" + requestKey + "') execute function marks_logged()",
                "create or replace function refuse_groupcall() returns trigger language plpgsql as $$ begin"
                        + " raise exception 'refused at commit'; end $$",
                "drop trigger if exists refuse_groupcall on groupcall",
                "create constraint trigger refuse_groupcall after insert on groupcall deferrable initially deferred"
                        + " for each row when (new.customer_id = '" + customer + "')"
                        + " execute function refuse_groupcall()");
        try (StandInService gateway = agentDirectory(agent, customer, "+821012345678@127.0.0.1:5999")) {
            CallsCreated created = RpcApis.client(CallManagerApi.class, rpc, Duration.ofSeconds(10))
                    .createCalls(toAgent(requestKey, customer, agent));
            assertEquals(List.of(), created.groupcalls(), created.toString());
            assertNotNull(created.outcomes().get(0).error(), "the groupcall was not stored: " + created);
            assertEquals(0, Sql.count(dataSource, "select count(*) from groupcall where customer_id = ?", customer));
            assertEquals(0, Sql.count(dataSource, "select count(*) from call where customer_id = ?", customer));
            assertEquals(0, Sql.count(dataSource, "select count(*) from marks_logged where key like ?",
                    "%:" + requestKey), "no mark naming the groupcall outlived its row's failed commit");
        } finally {
            execute("drop trigger if exists refuse_groupcall on groupcall", "drop function if exists refuse_groupcall()",
                    "drop trigger if exists marks_logged on create_request", "drop function if exists marks_logged()",
                    "drop table if exists marks_logged");
        }
    }

    /** A stand-in api-gateway answering the agent's lookup: the customer's agent, ringing one sip address. */
    private static StandInService agentDirectory(UUID agent, UUID customer, String address) throws Exception {
        return new StandInService("api-gateway", request -> StandInService.ok(Map.of("id", agent.toString(),
                "customer_id", customer.toString(), "addresses", List.of(Map.of("type", "sip", "target", address)),
                "ring_method", "ring_all", "deleted", false)));
    }

    private static CreateCallsRequest toAgent(String key, UUID customer, UUID agent) {
        return new CreateCallsRequest(key, customer, null, new Address("tel", "+14155551234", null, null, null),
                List.of(new Address("agent", agent.toString(), null, null, null)), null, null);
    }

    /** What the placed_seen trigger saw of this kind of row (its table's name): id → named by a mark. */
    private Map<UUID, Boolean> seen(String kind) throws Exception {
        Map<UUID, Boolean> seen = new LinkedHashMap<>();
        try (var c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select id, marked from placed_seen where kind = ?")) {
            ps.setString(1, kind);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seen.put(rs.getObject(1, UUID.class), rs.getBoolean(2));
                }
            }
        }
        return seen;
    }

    private void execute(String... statements) throws Exception {
        Sql.execute(dataSource, statements);
    }

    private long callsOf(UUID customer) throws Exception {
        return Sql.count(dataSource, "select count(*) from call where customer_id = ?", customer);
    }
}
