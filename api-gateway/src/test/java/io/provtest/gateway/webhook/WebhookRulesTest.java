package io.provtest.gateway.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The intake's event → delivery rule and the dispatcher's rule after an attempt. */
class WebhookRulesTest {

    private static final UUID CUSTOMER = UUID.fromString("6a93f71e-8b2d-4e5f-9a1c-2d3e4f5a6b7c");
    private static final UUID CALL = UUID.fromString("9f8e7d6c-5b4a-3c2d-1e0f-abcdef012345");
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10));

    private static byte[] event(String json) {
        return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEventBecomesItsEnvelopeWithTheWebhookIdAndNoInternalMetadata() throws Exception {
        UUID id = UUID.randomUUID();
        WebhookIntake.Queued q = WebhookIntake.queued(WebhookIntake.read(event("{'type':'call_hangup',"
                + "'publisher':'call-manager','request_id':'req_1','data':{'id':'" + CALL + "','customer_id':'" + CUSTOMER
                + "','status':'hangup','metadata':{'rtp_debug':true,'route_provider_ids':['x'],"
                + "'skip_source_validation':true,'providercall_id':'" + UUID.randomUUID() + "','mine':1}}}")), id);
        assertEquals(id, q.id());
        assertEquals(CUSTOMER, q.customerId());
        assertEquals("call_hangup", q.type());
        assertEquals(CALL.toString(), q.orderKey());
        JsonNode body = Json.MAPPER.readTree(q.body());
        assertEquals(id.toString(), body.get("webhook_id").asText());
        assertEquals("call_hangup", body.get("type").asText());
        assertEquals("call-manager", body.get("publisher").asText());
        assertEquals("req_1", body.get("request_id").asText());
        assertEquals("hangup", body.path("data").path("status").asText());
        assertEquals("{\"mine\":1}", body.path("data").path("metadata").toString());
    }

    @Test
    void aReportIsOrderedWithItsProviderCall() {
        UUID providercall = UUID.randomUUID();
        WebhookIntake.Queued q = WebhookIntake.queued(WebhookIntake.read(event("{'type':'providercall_report_ready',"
                + "'data':{'providercall_id':'" + providercall + "','customer_id':'" + CUSTOMER
                + "','verdict':'failed'}}")), UUID.randomUUID());
        assertEquals(providercall.toString(), q.orderKey());
    }

    @Test
    void eventsWithoutCustomerOrIdOrTypeAreDropped() {
        assertNull(WebhookIntake.read(event("{'type':'call_hangup','data':{'id':'" + CALL + "'}}")));
        assertNull(WebhookIntake.read(event("{'type':'call_hangup','data':{'customer_id':'" + CUSTOMER + "'}}")));
        assertNull(WebhookIntake.read(event("{'data':{'id':'a','customer_id':'" + CUSTOMER + "'}}")));
        assertNull(WebhookIntake.read("not json".getBytes(StandardCharsets.UTF_8)));
    }

    private static WebhookDeliveryEntity pending() {
        WebhookDeliveryEntity row = new WebhookDeliveryEntity();
        row.id = UUID.randomUUID();
        row.status = WebhookDelivery.PENDING;
        row.attempts = new ArrayList<>();
        row.tmCreate = T0;
        row.nextAttemptAt = T0;
        row.giveUpAt = T0.plus(Duration.ofMinutes(1));
        row.claimedUntil = T0.plusSeconds(60);
        return row;
    }

    @Test
    void a2xxDeliversAndReleasesTheClaim() {
        WebhookDeliveryEntity row = pending();
        WebhookDispatcher.record(row, T0, new WebhookSender.Outcome(204, 12, null, false), T0.plusMillis(12), backoff);
        assertEquals(WebhookDelivery.DELIVERED, row.status);
        assertEquals(1, row.attemptCount);
        assertEquals(204, row.attempts.get(0).statusCode());
        assertEquals(12, row.attempts.get(0).latencyMs());
        assertEquals(T0.plusMillis(12), row.tmDelivered);
        assertNull(row.claimedUntil);
        assertNull(row.toDelivery().nextAttemptAt());
    }

    @Test
    void anErrorOrNoAnswerIsTriedAgainAfterTheBackoffUntilTheGiveUpMoment() {
        WebhookDeliveryEntity row = pending();
        WebhookDispatcher.record(row, T0, new WebhookSender.Outcome(500, 3, null, false), T0, backoff);
        assertEquals(WebhookDelivery.PENDING, row.status);
        assertEquals(T0.plusSeconds(5), row.nextAttemptAt);
        WebhookDispatcher.record(row, T0.plusSeconds(5),
                new WebhookSender.Outcome(null, 10_000, "no answer within 10000 ms", false), T0.plusSeconds(15), backoff);
        assertEquals(WebhookDelivery.PENDING, row.status);
        assertEquals(T0.plusSeconds(25), row.nextAttemptAt);
        assertEquals("no answer within 10000 ms", row.lastError);
        assertNull(row.lastStatusCode);
        // 25 s + 20 s is past the minute this delivery may take
        WebhookDispatcher.record(row, T0.plusSeconds(25), new WebhookSender.Outcome(503, 1, null, false),
                T0.plusSeconds(41), backoff);
        assertEquals(WebhookDelivery.FAILED, row.status);
        assertEquals(3, row.attemptCount);
        assertEquals(3, row.attempts.size());
    }

    @Test
    void aRefusedTargetIsNotTriedAgain() {
        WebhookDeliveryEntity row = pending();
        WebhookDispatcher.record(row, T0, new WebhookSender.Outcome(null, 1, "refused", true), T0, backoff);
        assertEquals(WebhookDelivery.REFUSED, row.status);
        assertFalse(row.toDelivery().attempts().isEmpty());
    }

    @Test
    void theLogKeepsTheFirstAndTheLatestAttempts() {
        WebhookDeliveryEntity row = pending();
        row.giveUpAt = T0.plus(Duration.ofDays(30));
        for (int i = 0; i < 25; i++) {
            WebhookDispatcher.record(row, T0, new WebhookSender.Outcome(500, 1, null, false), T0, backoff);
        }
        assertEquals(25, row.attemptCount);
        assertEquals(WebhookDeliveryEntity.KEPT_ATTEMPTS, row.attempts.size());
        assertEquals(1, row.attempts.get(0).n());
        assertEquals(25, row.attempts.get(row.attempts.size() - 1).n());
        assertTrue(row.attempts.get(1).n() == 7);
    }
}
