package io.provtest.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.testing.EventTap;
import io.provtest.testing.Sipp;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Billing through the gateway with every service running: a provider call answered by a SIPp carrier is charged
 * once to the admin's own customer from call-manager's real call_hangup, a customer without balance on a priced
 * plan is refused 402 before anything is dialed, a call running out of balance is hung up at the second its balance
 * covers with the cause in its record and charged once, and a customer's codecs are the only ones its sip
 * destinations are offered.
 */
class BillingEndToEndTest {

    private static final String DEFAULT_PLAN = "00000000-0000-0000-0000-0000000000b1";

    private static String accountOf(String admin, String customerId) {
        return Api.as(admin).queryParam("customer_id", customerId).get("/v1.0/billing_accounts").then()
                .statusCode(200).body("result", hasSize(1)).extract().path("result[0].id");
    }

    private static String pricedPlan(String admin) {
        return Api.as(admin).body(Map.of("name", "e2e per second", "increment_seconds", 1, "connection_fee", 0.01,
                        "rates", List.of(Map.of("prefix", "+", "per_minute", 0.6))))
                .post("/v1.0/rate_plans").then().statusCode(200).extract().path("id");
    }

    /**
     * The customer's account, put on a new plan named {@code planName} that prices sip destinations at 0.6 a minute
     * in 1 s increments (0.01 a second), with {@code balance} added.
     */
    private static String prepaidSipAccount(String admin, String customerId, String planName, double balance) {
        String account = accountOf(admin, customerId);
        String plan = Api.as(admin).body(Map.of("name", planName, "increment_seconds", 1,
                        "connection_fee", 0, "rates", List.of(Map.of("prefix", "sip:", "per_minute", 0.6))))
                .post("/v1.0/rate_plans").then().statusCode(200).extract().path("id");
        Api.as(admin).body(Map.of("rate_plan_id", plan)).put("/v1.0/billing_accounts/" + account).then()
                .statusCode(200);
        Api.as(admin).body(Map.of("balance", balance)).post("/v1.0/billing_accounts/" + account
                + "/balance_add_force").then().statusCode(200);
        return account;
    }

    private static BigDecimal balance(String admin, String accountId) {
        return new BigDecimal(Api.as(admin).get("/v1.0/billing_accounts/" + accountId).then().statusCode(200)
                .extract().jsonPath().getString("balance"));
    }

    @Test
    void anAnsweredProviderCallIsChargedOnceToTheAdminsCustomer() throws Exception {
        String admin = Calls.admin();
        String customerId = Calls.customerId();
        String account = accountOf(admin, customerId);
        String plan = pricedPlan(admin);
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_bye.xml"), 1, "-d", "1500");
             EventTap tap = Calls.tap("route-manager.events")) {
            Api.as(admin).body(Map.of("rate_plan_id", plan)).put("/v1.0/billing_accounts/" + account).then()
                    .statusCode(200).body("rate_plan_id", equalTo(plan));
            Api.as(admin).body(Map.of("balance", 100)).post("/v1.0/billing_accounts/" + account
                    + "/balance_add_force").then().statusCode(200);
            BigDecimal before = balance(admin, account);
            Response created = Api.as(admin).body(Map.of("provider_id", Calls.provider(carrier),
                    "source", Map.of("type", "tel", "target", "+14155551234"),
                    "destinations", List.of(Map.of("type", "tel", "target", "+821012345678"))))
                    .post("/v1.0/providercalls");
            created.then().statusCode(200);
            String callId = created.path("call_ids[0]");
            JsonNode call = Calls.await(callId, "hangup", 20);
            long millis = Duration.between(Instant.parse(call.get("tm_progressing").asText()),
                    Instant.parse(call.get("tm_hangup").asText())).toMillis();
            long seconds = (millis + 999) / 1000;
            assertNotNull(tap.await(b -> b.contains("billing_charged") && b.contains(callId), Duration.ofSeconds(10)));
            JsonNode lines = Calls.JSON.readTree(Api.as(admin).queryParam("customer_id", customerId)
                    .get("/v1.0/billings").then().statusCode(200).extract().asString()).get("result");
            JsonNode line = null;
            for (JsonNode l : lines) {
                if (l.get("reference_id").asText().equals(callId)) {
                    assertEquals(null, line, "one line per call");
                    line = l;
                }
            }
            assertNotNull(line, lines.toString());
            assertEquals("call", line.get("reference_type").asText());
            assertEquals(seconds, line.get("billable_seconds").asLong(), "1/1: the started seconds");
            BigDecimal amount = new BigDecimal("0.01").add(new BigDecimal("0.01").multiply(BigDecimal.valueOf(seconds)));
            assertEquals(0, amount.compareTo(line.get("amount").decimalValue()), line.toString());
            assertEquals(0, before.subtract(amount).compareTo(balance(admin, account)));
            Calls.assertCarrierHappy(carrier);
        } finally {
            Api.as(admin).body(Map.of("rate_plan_id", DEFAULT_PLAN)).put("/v1.0/billing_accounts/" + account)
                    .then().statusCode(200);
        }
    }

    @Test
    void aCustomerWithNoBalanceOnAPricedPlanIsRefusedAndNothingIsDialed() throws Exception {
        String admin = Calls.admin();
        String customerId = Api.as(admin).body(Map.of("name", "broke tenant")).post("/v1.0/customers").path("id");
        String username = "broke-" + UUID.randomUUID();
        Api.as(admin).body(Map.of("customer_id", customerId, "username", username, "password", "tenant-pass-1",
                "permission", 0x20)).post("/v1.0/agents").then().statusCode(200);
        String tenant = Api.login(username, "tenant-pass-1");
        String account = Api.as(tenant).get("/v1.0/billing_accounts").then().statusCode(200)
                .body("result[0].balance", equalTo(0)).extract().path("result[0].id");
        Api.as(admin).body(Map.of("rate_plan_id", pricedPlan(admin))).put("/v1.0/billing_accounts/" + account)
                .then().statusCode(200);
        Api.as(tenant).body(Map.of("source", Map.of("type", "tel", "target", "+14155551234"),
                        "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")),
                        "actions", List.of(Map.of("type", "answer"))))
                .post("/v1.0/groupcalls").then().statusCode(402).body("error.reason", equalTo("INSUFFICIENT_BALANCE"));
        Api.as(tenant).get("/v1.0/groupcalls").then().statusCode(200).body("result", hasSize(0));
        Api.as(tenant).body(Map.of("balance", 5)).post("/v1.0/billing_accounts/" + account + "/balance_add_force")
                .then().statusCode(403);
    }

    /** A new customer and the token of its CustomerAdmin. */
    private record Tenant(String customerId, String token) {
    }

    private static Tenant tenant(String admin, String name) {
        String customerId = Api.as(admin).body(Map.of("name", name)).post("/v1.0/customers").path("id");
        String username = "tenant-" + UUID.randomUUID();
        Api.as(admin).body(Map.of("customer_id", customerId, "username", username, "password", "tenant-pass-1",
                "permission", 0x20)).post("/v1.0/agents").then().statusCode(200);
        return new Tenant(customerId, Api.login(username, "tenant-pass-1"));
    }

    private static Map<String, Object> groupcall(Sipp desk, List<Map<String, Object>> actions) {
        return Map.of("source", Map.of("type", "tel", "target", "+14155551234"),
                "destinations", List.of(Map.of("type", "sip", "target", "desk@" + desk.hostPort())),
                "actions", actions);
    }

    @Test
    void aCallRunningOutOfBalanceIsHungUpAtTheSecondItsBalanceCoversWithItsCauseAndChargedOnce() throws Exception {
        String admin = Calls.admin();
        Tenant tenant = tenant(admin, "prepaid tenant");
        // 0.6 a minute on 1/1 is 0.01 a second: a balance of 0.08 covers 8 s
        String account = prepaidSipAccount(admin, tenant.customerId(), "e2e prepaid sip", 0.08);
        try (Sipp desk = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye.xml"), 1);
             EventTap tap = Calls.tap("route-manager.events")) {
            // the flow would keep the call up for a minute
            Response created = Api.as(tenant.token()).body(groupcall(desk, List.of(Map.of("type", "sleep",
                    "option", Map.of("duration", 60000))))).post("/v1.0/groupcalls");
            created.then().statusCode(200);
            String callId = created.path("call_ids[0]");
            JsonNode call = Calls.await(callId, "hangup", 30);
            long millis = Duration.between(Instant.parse(call.get("tm_progressing").asText()),
                    Instant.parse(call.get("tm_hangup").asText())).toMillis();
            // hung up within the 8th second (call.balance-hangup-margin, 500 ms, before its end), so 8 are charged
            assertTrue(millis > 7000 && millis <= 8000, "answer to hangup " + millis + " ms: " + call);
            assertEquals("timeout", call.get("hangup_reason").asText(), call.toString());
            assertEquals("local", call.get("hangup_by").asText(), call.toString());
            String cause = call.get("hangup_cause").asText();
            assertTrue(cause.contains("INSUFFICIENT_BALANCE") && cause.contains("after the 8 s")
                    && cause.contains("0.08 USD"), cause);

            assertNotNull(tap.await(b -> b.contains("billing_charged") && b.contains(callId), Duration.ofSeconds(10)));
            JsonNode lines = Calls.JSON.readTree(Api.as(tenant.token()).get("/v1.0/billings").then().statusCode(200)
                    .extract().asString()).get("result");
            assertEquals(1, lines.size(), "one charge: " + lines);
            assertEquals(callId, lines.get(0).get("reference_id").asText());
            assertEquals(8, lines.get(0).get("billable_seconds").asInt(), lines.toString());
            assertEquals(0, new BigDecimal("0.08").compareTo(lines.get(0).get("amount").decimalValue()));
            assertEquals(0, BigDecimal.ZERO.compareTo(balance(admin, account)), "the balance is used, not overrun");
            Calls.assertCarrierHappy(desk);
            assertEquals(1, tap.received().stream().filter(b -> b.contains("billing_charged") && b.contains(callId))
                    .count(), "one billing_charged");
        }
    }

    @Test
    void twoConcurrentCallsShareTheBalanceAndAreBothCutSoTheirChargesStayWithinIt() throws Exception {
        String admin = Calls.admin();
        Tenant tenant = tenant(admin, "two-call tenant");
        // 0.6 a minute on 1/1 is 0.01 a second: a balance of 0.12 covers 12 s of one call
        String account = prepaidSipAccount(admin, tenant.customerId(), "e2e prepaid sip, shared", 0.12);
        BigDecimal balance = new BigDecimal("0.12");
        try (Sipp desk = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye.xml"), 2)) {
            Map<String, Object> request = groupcall(desk, List.of(Map.of("type", "sleep",
                    "option", Map.of("duration", 60000))));
            String first = Api.as(tenant.token()).body(request).post("/v1.0/groupcalls").then().statusCode(200)
                    .extract().path("call_ids[0]");
            Calls.await(first, "progressing", 10);
            // the first was given its 12 s alone; 4 s later the second answers and they share what is left
            Thread.sleep(4000);
            String second = Api.as(tenant.token()).body(request).post("/v1.0/groupcalls").then().statusCode(200)
                    .extract().path("call_ids[0]");
            JsonNode a = Calls.await(first, "hangup", 30);
            JsonNode b = Calls.await(second, "hangup", 30);
            for (JsonNode call : List.of(a, b)) {
                assertEquals("timeout", call.get("hangup_reason").asText(), call.toString());
                assertTrue(call.get("hangup_cause").asText().contains("INSUFFICIENT_BALANCE"), call.toString());
            }
            long firstMillis = Duration.between(Instant.parse(a.get("tm_progressing").asText()),
                    Instant.parse(a.get("tm_hangup").asText())).toMillis();
            assertTrue(firstMillis < 11000, "the second call's answer cut the first short: " + firstMillis + " ms");

            JsonNode lines = null;
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                lines = Calls.JSON.readTree(Api.as(tenant.token()).get("/v1.0/billings").then().statusCode(200)
                        .extract().asString()).get("result");
                if (lines.size() == 2) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(2, lines.size(), "each call charged once: " + lines);
            BigDecimal charged = lines.get(0).get("amount").decimalValue().add(lines.get(1).get("amount")
                    .decimalValue());
            assertTrue(charged.compareTo(balance) <= 0, "charged " + charged + " on a balance of " + balance
                    + ": " + lines);
            assertTrue(balance(admin, account).signum() >= 0, "the balance is not overrun");
            assertEquals(0, desk.awaitExit(20), desk.describe());
        }
    }

    @Test
    void aCustomersCodecsAreTheOnlyOnesItsSipDestinationsAreOfferedAndUnknownOnesAre400() throws Exception {
        String admin = Calls.admin();
        Tenant tenant = tenant(admin, "pcma tenant");
        String config = "/v1.0/customers/" + tenant.customerId() + "/outbound_config";
        Api.as(tenant.token()).body(Map.of("codecs", List.of("PCMU", "G729"))).put(config).then().statusCode(400)
                .body("error.reason", equalTo("INVALID_ARGUMENT"))
                .body("error.details[0].field", equalTo("codecs[1]"));
        Api.as(tenant.token()).body(Map.of("codecs", List.of("pcma"))).put(config).then().statusCode(200)
                .body("codecs", equalTo(List.of("PCMA")));
        Api.as(tenant.token()).get(config).then().statusCode(200).body("codecs", equalTo(List.of("PCMA")));
        try (Sipp desk = Sipp.uas(Calls.SCENARIOS.resolve("uas_verify_offer_pcma_wait_bye.xml"), 1)) {
            Response created = Api.as(tenant.token()).body(groupcall(desk, List.of(Map.of("type", "hangup"))))
                    .post("/v1.0/groupcalls");
            created.then().statusCode(200);
            String callId = created.path("call_ids[0]");
            JsonNode call = Calls.await(callId, "hangup", 20);
            assertEquals("normal", call.get("hangup_reason").asText(), call.toString());
            assertEquals("PCMA", call.get("metadata").get("codecs").asText(), call.toString());
            Calls.assertCarrierHappy(desk);
        }
    }
}
