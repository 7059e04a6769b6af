package io.provtest.route.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.provtest.common.amqp.Broker;
import io.provtest.common.api.RpcApis;
import io.provtest.common.api.route.CallAllowance;
import io.provtest.common.api.route.CallAllowanceQuery;
import io.provtest.common.api.route.CallBillingApi;
import io.provtest.common.model.Address;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Billing against the real PostgreSQL and RabbitMQ: accounts, plans and adjustments over RPC, a call_hangup on
 * call-manager.events delivered twice charging once, and the pre-flight refusing before anything is dialed.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class BillingTest {

    private static final Duration T = Duration.ofSeconds(10);

    @Inject
    RpcClient rpc;

    @Inject
    Broker broker;

    @Inject
    DataSource dataSource;

    @Inject
    CallHangups hangups;

    private JsonNode call(String method, String uri, Object body) {
        return rpc.call("route-manager", method, uri, body, T).dataOrThrow();
    }

    private RpcResponse raw(String method, String uri, Object body) {
        return rpc.call("route-manager", method, uri, body, T);
    }

    private JsonNode accountOf(UUID customer) {
        return call("GET", "/v1/customers/" + customer + "/billing_account", null);
    }

    private String plan(int increment, String fee, Map<String, String> rates) {
        List<Map<String, Object>> list = rates.entrySet().stream()
                .map(e -> Map.<String, Object>of("prefix", e.getKey(), "per_minute", new BigDecimal(e.getValue())))
                .toList();
        return call("POST", "/v1/rate_plans", Map.of("name", "plan " + increment, "increment_seconds", increment,
                "connection_fee", new BigDecimal(fee), "rates", list)).get("id").asText();
    }

    private void hangup(UUID callId, UUID customer, String target, String answered, String ended) throws Exception {
        Channel channel = broker.newChannel();
        try {
            channel.exchangeDeclare("call-manager.events", "topic", true);
            publishHangup(channel, callId, customer, target, answered, ended, null);
        } finally {
            channel.close();
        }
    }

    private static void publishHangup(Channel channel, UUID callId, UUID customer, String target, String answered,
                                      String ended, String requestId) throws Exception {
        Map<String, Object> data = new HashMap<>();
        data.put("id", callId.toString());
        data.put("customer_id", customer.toString());
        data.put("direction", "outgoing");
        data.put("status", "hangup");
        data.put("destination", Map.of("type", "tel", "target", target));
        data.put("tm_progressing", answered);
        data.put("tm_hangup", ended);
        Map<String, Object> event = new HashMap<>(Map.of("type", "call_hangup", "publisher", "call-manager",
                "data", data));
        if (requestId != null) {
            event.put("request_id", requestId);
        }
        channel.basicPublish("call-manager.events", "call_hangup", new AMQP.BasicProperties(), Json.bytes(event));
    }

    private long lines(UUID callId) throws Exception {
        return Sql.count(dataSource, "select count(*) from billing.billing where reference_id = ?", callId);
    }

    @Test
    void aNewAccountStartsAtZeroOnTheDefaultPlanAndAdjustmentsAreAudited() {
        UUID customer = UUID.randomUUID();
        JsonNode account = accountOf(customer);
        assertEquals(account.get("id"), accountOf(customer).get("id"), "one account per customer");
        assertEquals("0", account.get("balance").asText());
        assertEquals("USD", account.get("currency").asText());
        assertEquals(BillingRules.DEFAULT_PLAN_ID.toString(), account.get("rate_plan_id").asText());
        String id = account.get("id").asText();

        JsonNode added = call("POST", "/v1/billing_accounts/" + id + "/balance_add_force",
                Map.of("balance", new BigDecimal("12.5")));
        assertEquals(new BigDecimal("12.5"), added.get("balance").decimalValue());
        JsonNode taken = call("POST", "/v1/billing_accounts/" + id + "/balance_subtract_force",
                Map.of("balance", new BigDecimal("0.1")));
        assertEquals(new BigDecimal("12.4"), taken.get("balance").decimalValue(), "exact decimal arithmetic");
        assertEquals("INVALID_ARGUMENT", raw("POST", "/v1/billing_accounts/" + id + "/balance_add_force",
                Map.of("balance", 0)).error().reason());
        assertEquals(400, raw("POST", "/v1/billing_accounts/" + id + "/balance_subtract_force",
                Map.of("balance", -1)).statusCode());
        JsonNode trail = call("GET", "/v1/billing_accounts/" + id + "/adjustments", null).get("result");
        assertEquals(2, trail.size());
        assertEquals("balance_subtract_force", trail.get(0).get("kind").asText());
        assertEquals(new BigDecimal("12.4"), trail.get(0).get("balance_after").decimalValue());
        assertEquals(404, raw("GET", "/v1/billing_accounts/" + UUID.randomUUID(), null).statusCode());

        JsonNode listed = call("GET", "/v1/billing_accounts?customer_id=" + customer, null).get("result");
        assertEquals(1, listed.size());
    }

    @Test
    void aCallHangupDeliveredTwiceChargesOnce() throws Exception {
        UUID customer = UUID.randomUUID();
        String id = accountOf(customer).get("id").asText();
        String plan = plan(60, "0", Map.of("+", "1", "+82", "0.05"));
        assertEquals(plan, call("PUT", "/v1/billing_accounts/" + id, Map.of("rate_plan_id", plan))
                .get("rate_plan_id").asText());
        call("POST", "/v1/billing_accounts/" + id + "/balance_add_force", Map.of("balance", 1));
        UUID callId = UUID.randomUUID();
        try (EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            hangup(callId, customer, "+821012345678", "2026-12-01T10:00:00.000000Z", "2026-12-01T10:01:01.000000Z");
            hangup(callId, customer, "+821012345678", "2026-12-01T10:00:00.000000Z", "2026-12-01T10:01:01.000000Z");
            assertNotNull(tap.await(b -> b.contains("billing_charged") && b.contains(callId.toString()),
                    Duration.ofSeconds(10)));
            Thread.sleep(1000);
            assertEquals(1, tap.received().stream().filter(b -> b.contains("billing_charged")
                    && b.contains(callId.toString())).count(), "one billing_charged");
        }
        assertEquals(1, lines(callId), "one line for the call");
        JsonNode lines = call("GET", "/v1/billings?customer_id=" + customer, null).get("result");
        assertEquals(1, lines.size());
        JsonNode line = lines.get(0);
        assertEquals("call", line.get("reference_type").asText());
        assertEquals(callId.toString(), line.get("reference_id").asText());
        assertEquals(120, line.get("billable_seconds").asInt(), "61 s on 60/60");
        assertEquals(new BigDecimal("0.1"), line.get("amount").decimalValue());
        assertEquals("+82", line.get("rate_prefix").asText());
        assertEquals(new BigDecimal("0.9"), accountOf(customer).get("balance").decimalValue());

        // an unanswered call is not charged
        UUID missed = UUID.randomUUID();
        hangup(missed, customer, "+821012345678", null, "2026-12-01T10:01:01.000000Z");
        Thread.sleep(500);
        assertEquals(0, lines(missed));
    }

    /**
     * A customer charged before anything asked for its account gets one then, on the free default plan: its call's line
     * of nothing, the plan's, and the balance left at 0 (a sum of nothing does not write the account).
     */
    @Test
    void aCustomerWithoutAnAccountIsChargedOnANewOneOnTheFreeDefaultPlan() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID callId = UUID.randomUUID();
        assertEquals(0, Sql.count(dataSource, "select count(*) from billing.account where customer_id = ?", customer));
        try (EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            hangup(callId, customer, "+821012345678", "2026-12-01T10:00:00.000000Z", "2026-12-01T10:00:42.000000Z");
            assertNotNull(tap.await(b -> b.contains("billing_charged") && b.contains(callId.toString()),
                    Duration.ofSeconds(10)));
        }
        // the event is confirmed before its transaction commits
        for (int wait = 0; wait < 50 && lines(callId) == 0; wait++) {
            Thread.sleep(100);
        }
        assertEquals(1, lines(callId), "one line for the call");
        JsonNode line = call("GET", "/v1/billings?customer_id=" + customer, null).get("result").get(0);
        assertEquals(60, line.get("billable_seconds").asInt(), "42 s on the default plan's 60 s increment");
        assertEquals(0, BigDecimal.ZERO.compareTo(line.get("amount").decimalValue()), line.toString());
        assertEquals(BillingRules.DEFAULT_PLAN_ID.toString(), line.get("rate_plan_id").asText());
        JsonNode account = accountOf(customer);
        assertEquals(account.get("id").asText(), line.get("account_id").asText());
        assertEquals(0, BigDecimal.ZERO.compareTo(account.get("balance").decimalValue()), account.toString());
        assertTrue(account.path("tm_update").isNull() || account.path("tm_update").isMissingNode(), account.toString());
    }

    /**
     * Hangups that arrive together are charged together (fewer transactions than calls), and still each call once,
     * on its own customer's account, with its hangup's request id on its billing_charged.
     */
    @Test
    void hangupsArrivingTogetherAreChargedTogetherEachOnceOnItsOwnAccount() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String plan = plan(60, "0", Map.of("+82", "0.05"));
        for (UUID customer : List.of(first, second)) {
            String id = accountOf(customer).get("id").asText();
            call("PUT", "/v1/billing_accounts/" + id, Map.of("rate_plan_id", plan));
            call("POST", "/v1/billing_accounts/" + id + "/balance_add_force", Map.of("balance", 10));
        }
        List<UUID> calls = new java.util.ArrayList<>();
        long before = hangups.transactions();
        try (EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            Channel channel = broker.newChannel();
            try {
                channel.exchangeDeclare("call-manager.events", "topic", true);
                for (int i = 0; i < 50; i++) {
                    UUID callId = UUID.randomUUID();
                    calls.add(callId);
                    publishHangup(channel, callId, i < 30 ? first : second, "+821012345678",
                            "2026-12-01T10:00:00.000000Z", "2026-12-01T10:00:30.000000Z", "req_batch_" + i);
                }
                // the first call's hangup delivered again, among the others
                publishHangup(channel, calls.get(0), first, "+821012345678", "2026-12-01T10:00:00.000000Z",
                        "2026-12-01T10:00:30.000000Z", "req_batch_0");
            } finally {
                channel.close();
            }
            String last = calls.get(49).toString();
            assertNotNull(tap.await(b -> b.contains("billing_charged") && b.contains(last)
                    && b.contains("\"request_id\":\"req_batch_49\""), Duration.ofSeconds(20)),
                    "each billing_charged carries its hangup's request id");
        }
        for (int wait = 0; wait < 100 && Sql.count(dataSource, "select count(*) from billing.billing where"
                + " customer_id in (?, ?)", first, second) < 50; wait++) {
            Thread.sleep(100);
        }
        for (UUID callId : calls) {
            assertEquals(1, lines(callId), "one line for call " + callId);
        }
        BigDecimal firstLeft = accountOf(first).get("balance").decimalValue();
        BigDecimal secondLeft = accountOf(second).get("balance").decimalValue();
        assertEquals(0, new BigDecimal("8.5").compareTo(firstLeft), "30 x 0.05 taken: " + firstLeft);
        assertEquals(0, new BigDecimal("9").compareTo(secondLeft), "20 x 0.05 taken: " + secondLeft);
        long used = hangups.transactions() - before;
        assertTrue(used < 51, "51 hangups charged in " + used + " transactions");
    }

    @Test
    void preflightRefusesEachDestinationInOrderAndPublishesTheRefusal() throws Exception {
        UUID customer = UUID.randomUUID();
        String id = accountOf(customer).get("id").asText();
        call("PUT", "/v1/billing_accounts/" + id, Map.of("rate_plan_id", plan(60, "0", Map.of("+82", "0.05"))));
        List<Map<String, String>> destinations = List.of(Map.of("type", "tel", "target", "+821012345678"),
                Map.of("type", "tel", "target", "+14155550100"));
        try (EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            JsonNode broke = call("POST", "/v1/billing/preflight", Map.of("customer_id", customer.toString(),
                    "destinations", destinations, "origin", "call")).get("outcomes");
            assertEquals("INSUFFICIENT_BALANCE", broke.get(0).get("error").get("reason").asText());
            assertEquals("INSUFFICIENT_BALANCE", broke.get(1).get("error").get("reason").asText());
            assertNotNull(tap.await(b -> b.contains("call_outbound_rejected") && b.contains(customer.toString())
                    && b.contains("INSUFFICIENT_BALANCE"), Duration.ofSeconds(5)));
        }
        call("POST", "/v1/billing_accounts/" + id + "/balance_add_force", Map.of("balance", 5));
        JsonNode funded = call("POST", "/v1/billing/preflight", Map.of("customer_id", customer.toString(),
                "destinations", destinations, "skip_source_validation", true)).get("outcomes");
        assertTrue(funded.get(0).path("error").isMissingNode(), funded.toString());
        assertEquals("DESTINATION_NOT_ALLOWED", funded.get(1).get("error").get("reason").asText());
    }

    @Test
    void aProviderCallWhoseDestinationsAreAllRefusedDialsNothing() throws Exception {
        UUID customer = UUID.randomUUID();
        String id = accountOf(customer).get("id").asText();
        call("PUT", "/v1/billing_accounts/" + id, Map.of("rate_plan_id", plan(60, "0.01", Map.of("+", "0.05"))));
        try (StandInService calls = new StandInService("call-manager", r -> StandInService.ok(Map.of()))) {
            String provider = call("POST", "/v1/providers", Map.of("type", "sip", "hostname", "carrier.example"))
                    .get("id").asText();
            RpcResponse response = raw("POST", "/v1/providercalls", Map.of("customer_id", customer.toString(),
                    "created_by", UUID.randomUUID().toString(), "request", Map.of("provider_id", provider,
                            "source", Map.of("type", "tel", "target", "+14155551234"),
                            "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")),
                            "actions", List.of(Map.of("type", "answer")))));
            assertEquals(402, response.statusCode());
            assertEquals("INSUFFICIENT_BALANCE", response.error().reason());
            assertEquals(0, calls.received().size(), "nothing dialed");
        }
    }

    @Test
    void ratePlansAreManagedAndTheDefaultOneStays() {
        String id = plan(1, "0", Map.of("+1", "0.02"));
        JsonNode replaced = call("PUT", "/v1/rate_plans/" + id, Map.of("name", "per second", "increment_seconds", 1,
                "rates", List.of(Map.of("prefix", "+1", "per_minute", 0.03))));
        assertEquals("per second", replaced.get("name").asText());
        assertEquals(new BigDecimal("0.03"), replaced.get("rates").get(0).get("per_minute").decimalValue());
        assertEquals(400, raw("POST", "/v1/rate_plans", Map.of("name", "x", "increment_seconds", 0)).statusCode());
        assertTrue(call("GET", "/v1/rate_plans", null).get("result").findValuesAsText("id").contains(id));
        assertEquals("RATE_PLAN_IN_USE", raw("DELETE", "/v1/rate_plans/" + BillingRules.DEFAULT_PLAN_ID, null)
                .error().reason());
        JsonNode deleted = call("DELETE", "/v1/rate_plans/" + id, null);
        assertTrue(deleted.get("tm_delete").isTextual());
        assertEquals(deleted.get("tm_delete"), call("DELETE", "/v1/rate_plans/" + id, null).get("tm_delete"));
        assertEquals("RATE_PLAN_NOT_FOUND", raw("PUT", "/v1/billing_accounts/" + accountOf(UUID.randomUUID())
                .get("id").asText(), Map.of("rate_plan_id", id)).error().reason());
    }

    @Test
    void theAllowanceOfAnAnsweredCallSharesTheBalanceWithTheCustomersOtherCallsAndATopUpIsAnnounced()
            throws Exception {
        UUID customer = UUID.randomUUID();
        String accountId = accountOf(customer).get("id").asText();
        CallBillingApi api = RpcApis.client(CallBillingApi.class, rpc, T);
        Address tel = new Address("tel", "+821012345678", null, null, null);
        Instant answered = Instant.now();
        assertNull(api.allowance(new CallAllowanceQuery(customer, UUID.randomUUID(), tel, answered, List.of()))
                .maxSeconds(), "the default plan is free: never cut");

        call("PUT", "/v1/billing_accounts/" + accountId, Map.of("rate_plan_id", plan(1, "0", Map.of("+82", "0.6"))));
        try (EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            call("POST", "/v1/billing_accounts/" + accountId + "/balance_add_force",
                    Map.of("balance", new BigDecimal("0.2")));
            assertNotNull(tap.await(b -> b.contains("\"billing_account_updated\"") && b.contains(customer.toString())
                    && b.contains("0.2"), T), "a top-up is announced");
        }
        CallAllowance alone = api.allowance(new CallAllowanceQuery(customer, UUID.randomUUID(), tel, answered,
                List.of()));
        assertEquals(20L, alone.maxSeconds(), "0.2 at 0.01 a second");
        assertEquals("+82", alone.ratePrefix());
        assertEquals("USD", alone.currency());
        // another answered call at the same price, up since the same moment: they share what is left
        CallAllowance shared = api.allowance(new CallAllowanceQuery(customer, UUID.randomUUID(), tel, answered,
                List.of(new CallAllowanceQuery.LiveCall(tel, answered))));
        assertTrue(shared.maxSeconds() >= 9 && shared.maxSeconds() <= 10, "about half: " + shared);
        // a destination the plan does not price is not cut (nor charged)
        assertNull(api.allowance(new CallAllowanceQuery(customer, UUID.randomUUID(),
                new Address("tel", "+14155550100", null, null, null), answered, List.of())).maxSeconds());
        assertEquals(400, raw("POST", "/v1/billing/allowance", Map.of("customer_id", customer.toString()))
                .statusCode());
    }
}
