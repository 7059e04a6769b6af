package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.provtest.common.amqp.Broker;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcClient;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * providercall_report_ready against the real PostgreSQL and RabbitMQ: call-manager is a stand-in that places one
 * call and reports it incomplete, then complete; the call_hangup events come on call-manager.events as the real
 * one publishes them. The event is published once, after the report is complete, however often the hangup comes.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ReportReadinessTest {

    private static final Duration T = Duration.ofSeconds(10);

    @Inject
    RpcClient rpc;

    @Inject
    Broker broker;

    @Inject
    ReportReadiness readiness;

    @Inject
    ProviderCallRepository records;

    @Inject
    ProviderCallClients clients;

    @Inject
    EventPublisher events;

    @Inject
    ProviderCallConfig config;


    @Test
    void theReportIsAnnouncedOnceWhenItsLastCallHasEnded() throws Exception {
        String callId = UUID.randomUUID().toString();
        UUID customer = UUID.randomUUID();
        AtomicBoolean ended = new AtomicBoolean(false);
        try (StandInService calls = callManager(callId, ended);
             EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            String provider = provider();
            String pc = providercall(customer, provider);

            // the call is still up: the check after settling and a hangup of another call announce nothing
            // (the check waits behind any earlier test's record whose stand-in is gone: up to its 10 s deadline)
            long until = System.currentTimeMillis() + 25_000;
            while (calls.received().stream().noneMatch(r -> r.uri().equals("/v1/reports/providercall"))
                    && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            assertTrue(calls.received().stream().anyMatch(r -> r.uri().equals("/v1/reports/providercall")),
                    "the record was looked at once settled: " + calls.received());
            hangup("call_hangup", UUID.randomUUID().toString());
            assertEquals(null, tap.await(b -> b.contains("providercall_report_ready") && b.contains(pc),
                    Duration.ofSeconds(2)), "not announced while the report is incomplete");

            ended.set(true);
            hangup("call_hangup", callId, pc);
            hangup("call_hangup", callId, pc); // delivered twice, as at-least-once allows
            String event = tap.await(b -> b.contains("providercall_report_ready") && b.contains(pc), T);
            assertNotNull(event, "announced once complete; call-manager saw " + calls.received());
            JsonNode data = Json.MAPPER.readTree(event).get("data");
            assertEquals(pc, data.get("providercall_id").asText());
            assertEquals(customer.toString(), data.get("customer_id").asText());
            assertEquals(provider, data.get("provider_id").asText());
            assertEquals("failed", data.get("verdict").asText());
            assertTrue(data.get("complete").asBoolean());

            Thread.sleep(2000); // the second hangup has been handled by now
            assertEquals(1, tap.received().stream()
                    .filter(b -> b.contains("providercall_report_ready") && b.contains(pc)).count(), "exactly once");
            JsonNode report = rpc.call("route-manager", "GET", "/v1/providercalls/" + pc + "/report", null, T)
                    .dataOrThrow();
            assertTrue(report.get("complete").asBoolean(), "the report itself is unchanged: " + report);
            assertFalse(report.has("customer_id"), "the customer is added to the event only");
            // the announcement asks for a final report only (call-manager skips building one while a call is up);
            // a reader of the report gets it as it stands
            List<JsonNode> asked = calls.received().stream().filter(r -> r.uri().equals("/v1/reports/providercall")
                    && r.data().path("providercall_id").asText().equals(pc)).map(r -> r.data()).toList();
            assertTrue(asked.size() >= 3, asked.toString());
            asked.subList(0, asked.size() - 1)
                    .forEach(d -> assertTrue(d.path("complete_only").asBoolean(), d.toString()));
            assertFalse(asked.get(asked.size() - 1).path("complete_only").asBoolean(), asked.toString());
        }
    }

    /**
     * The hang-ups are handled on the report threads and acknowledged once handled: one whose report cannot be had
     * (call-manager answers 503) is nacked and comes back from the queue until it can, then announced once.
     */
    @Test
    void aHangupWhoseReportFailsIsRequeuedUntilItCanBeAnnounced() throws Exception {
        String callId = UUID.randomUUID().toString();
        AtomicBoolean ended = new AtomicBoolean(true);
        AtomicBoolean away = new AtomicBoolean(true);
        try (StandInService calls = callManager(callId, ended, away, false, null);
             EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            String pc = providercall(UUID.randomUUID(), provider());

            hangup("call_hangup", callId, pc);
            awaitReportsAsked(calls, pc, 3, 25_000);
            assertTrue(reportsAsked(calls, pc).size() >= 3, "the refused hang-up came back from the queue: "
                    + reportsAsked(calls, pc));
            assertEquals(null, tap.await(b -> b.contains("providercall_report_ready") && b.contains(pc),
                    Duration.ofMillis(200)), "nothing announced while the report cannot be had");

            away.set(false);
            assertNotNull(tap.await(b -> b.contains("providercall_report_ready") && b.contains(pc), T),
                    "announced once call-manager answers: " + reportsAsked(calls, pc));
            Thread.sleep(1500);
            assertEquals(1, tap.received().stream()
                    .filter(b -> b.contains("providercall_report_ready") && b.contains(pc)).count(), "exactly once");
        }
    }

    /**
     * A replica that stopped between a record's calls ending and its announcement: no hang-up comes again for it, and
     * the look at start (the last day's settled records not announced) announces the report, once.
     */
    @Test
    void aCompleteReportLeftUnannouncedIsAnnouncedByTheLookAtStart() throws Exception {
        String callId = UUID.randomUUID().toString();
        AtomicBoolean ended = new AtomicBoolean(false);
        try (StandInService calls = callManager(callId, ended);
             EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            Instant since = Instant.now().minusSeconds(1); // this test's record only: earlier ones may be unanswerable
            String provider = provider();
            String pc = providercall(UUID.randomUUID(), provider);
            awaitReportsAsked(calls, pc, 1, 25_000);
            ended.set(true); // the call ended after the look that followed the settle; its hang-up was lost

            assertEquals(1, readiness.lookBack(since), "call-manager saw " + calls.received());
            String event = tap.await(b -> b.contains("providercall_report_ready") && b.contains(pc), T);
            assertNotNull(event, "announced by the look at start");
            JsonNode data = Json.MAPPER.readTree(event).get("data");
            assertEquals(provider, data.get("provider_id").asText(), "the owners come from the row it found");
            assertEquals(0, readiness.lookBack(since), "announced once");
        }
    }

    /**
     * Calls that carry their provider call's id (as call-manager tags them): the settle asks nothing, since every
     * hang-up names the record and finds it settled; the hang-up then announces the report.
     */
    @Test
    void aRecordWhoseCallsNameItIsNotAskedAboutUntilAHangupComes() throws Exception {
        String callId = UUID.randomUUID().toString();
        AtomicBoolean ended = new AtomicBoolean(false);
        try (StandInService calls = callManager(callId, ended, new AtomicBoolean(false), true, null);
             EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            Instant since = Instant.now().minusSeconds(1); // this test's record only: earlier ones' stand-ins are gone
            String pc = providercall(UUID.randomUUID(), provider());
            Thread.sleep(1500); // the look after a settle comes within milliseconds when there is one
            assertEquals(List.of(), reportsAsked(calls, pc), "no look after the settle");
            readiness.sweep(Instant.now().plus(Duration.ofMinutes(2)), since);
            assertEquals(List.of(), reportsAsked(calls, pc), "not swept: its hang-ups will name it");

            ended.set(true);
            hangup("call_hangup", callId, pc);
            assertNotNull(tap.await(b -> b.contains("providercall_report_ready") && b.contains(pc), T),
                    "announced by the hang-up; call-manager saw " + calls.received());
            assertEquals(1, reportsAsked(calls, pc).size(), "asked once, by the hang-up");
        }
    }

    /**
     * A groupcall a provider call placed carries the record's id as its calls do: the settle asks nothing, a
     * {@code groupcall_hangup} that names no provider call is not looked up, and the one that names it announces the
     * report (the record found by its key, the groupcall in its {@code groupcall_ids}).
     */
    @Test
    void aTaggedGroupcallsHangupAnnouncesItsRecord() throws Exception {
        String groupcallId = UUID.randomUUID().toString();
        AtomicBoolean ended = new AtomicBoolean(false);
        try (StandInService calls = new StandInService("call-manager", r -> {
                if (r.uri().equals("/v1/reports/providercall")) {
                    return report(r, ended.get(), List.of());
                }
                String pc = r.data().path("metadata").path("providercall_id").asText();
                return StandInService.ok(Map.of("calls", List.of(), "groupcalls", List.of(Map.of("id", groupcallId,
                        "metadata", Map.of("providercall_id", pc))), "outcomes", List.of(Map.of("index", 0,
                        "destination", Map.of("type", "tel", "target", "+821012345678"),
                        "groupcall_id", groupcallId))));
            });
             EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            String pc = providercall(UUID.randomUUID(), provider());
            Thread.sleep(1500); // the look after a settle comes within milliseconds when there is one
            assertEquals(List.of(), reportsAsked(calls, pc), "no look after the settle: the groupcall names it");

            ended.set(true);
            hangup("groupcall_hangup", groupcallId);
            assertEquals(null, tap.await(b -> b.contains("providercall_report_ready") && b.contains(pc),
                    Duration.ofSeconds(2)), "a hang-up that names no provider call is not looked up");
            assertEquals(List.of(), reportsAsked(calls, pc));

            hangup("groupcall_hangup", groupcallId, pc);
            assertNotNull(tap.await(b -> b.contains("providercall_report_ready") && b.contains(pc), T),
                    "announced by the groupcall's hang-up; call-manager saw " + calls.received());
            assertEquals(1, reportsAsked(calls, pc).size(), "asked once, by the hang-up that names it");
        }
    }

    /**
     * A call that ended while its record was still pending (call-manager's answer not back yet): its hang-up finds no
     * settled record, marks the pending one, and the settle then looks at the report and announces it. Without the
     * mark no later event would.
     */
    @Test
    void aCallThatEndedBeforeItsRecordSettledIsAnnouncedWhenItSettles() throws Exception {
        String callId = UUID.randomUUID().toString();
        AtomicBoolean ended = new AtomicBoolean(true);
        // the hang-up handled, to the end, while call-manager's answer is still on its way
        try (StandInService calls = callManager(callId, ended, new AtomicBoolean(false), true,
                pc -> readiness.handle(hangupEvent("call_hangup", callId, pc)));
             EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            String pc = providercall(UUID.randomUUID(), provider());
            String event = tap.await(b -> b.contains("providercall_report_ready") && b.contains(pc), T);
            assertNotNull(event, "announced once settled; call-manager saw " + calls.received());
            assertEquals("failed", Json.MAPPER.readTree(event).get("data").get("verdict").asText());
            assertEquals(1, reportsAsked(calls, pc).size(), "asked once, after the settle");
        }
    }

    /**
     * The same early hang-up, but call-manager is away when the settle looks (the look fails quietly): the sweep on
     * the reconciliation's tick announces the report once the settle is a minute old, and only once.
     */
    @Test
    void aMarkedRecordWhoseLookAfterTheSettleFailedIsAnnouncedByTheSweep() throws Exception {
        String callId = UUID.randomUUID().toString();
        AtomicBoolean away = new AtomicBoolean(true);
        Instant since = Instant.now().minusSeconds(1); // this test's record only
        try (StandInService calls = callManager(callId, new AtomicBoolean(true), away, true,
                pc -> readiness.handle(hangupEvent("call_hangup", callId, pc)));
             EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            String pc = providercall(UUID.randomUUID(), provider());
            awaitReportsAsked(calls, pc, 1, 10_000);
            assertEquals(1, reportsAsked(calls, pc).size(), "the settle looked once, and failed");
            assertEquals(0, readiness.sweep(Instant.now(), since), "left to the settle's look for a minute");

            away.set(false);
            assertTheSweepAnnouncesOnce(calls, tap, pc, since);
        }
    }

    /**
     * A record settled with calls that do not carry its id (an upgrade's window: an older call-manager, the tag
     * switched off): their hang-ups name no provider call and, with calls tagged, are not looked up (the lookup would
     * find nothing for every other call's hang-up). The sweep announces its report a minute after the settle, once.
     */
    @Test
    void anUntaggedRecordIsAnnouncedByTheSweepNotByHangupsThatNameNoRecord() throws Exception {
        String callId = UUID.randomUUID().toString();
        AtomicBoolean ended = new AtomicBoolean(false);
        Instant since = Instant.now().minusSeconds(1); // this test's record only
        try (StandInService calls = callManager(callId, ended);
             EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            String pc = providercall(UUID.randomUUID(), provider());
            awaitReportsAsked(calls, pc, 1, 25_000);
            assertEquals(1, reportsAsked(calls, pc).size(), "its calls do not name it: the settle looked once");

            ended.set(true);
            hangup("call_hangup", callId);
            assertEquals(null, tap.await(b -> b.contains("providercall_report_ready") && b.contains(pc),
                    Duration.ofSeconds(2)), "a hang-up that names no provider call is not looked up");
            assertEquals(1, reportsAsked(calls, pc).size(), calls.received().toString());
            assertEquals(0, readiness.sweep(Instant.now(), since), "left for a minute after the settle");

            assertTheSweepAnnouncesOnce(calls, tap, pc, since);
        }
    }

    /**
     * While calls are not tagged ({@code providercall.tag-calls=false}, an upgrade's first step) a hang-up that names
     * no provider call is looked up by its call's id and announces the report at once. A second {@code
     * ReportReadiness} on the same beans, configured so, handles the hang-up the real one would.
     */
    @Test
    void withTheTagSwitchedOffAHangupIsLookedUpByItsCall() throws Exception {
        String callId = UUID.randomUUID().toString();
        AtomicBoolean ended = new AtomicBoolean(false);
        ReportReadiness untagged = new ReportReadiness(records, clients, events, tagCalls(false));
        try (StandInService calls = callManager(callId, ended);
             EventTap tap = EventTap.onTestBroker("route-manager.events")) {
            String pc = providercall(UUID.randomUUID(), provider());
            awaitReportsAsked(calls, pc, 1, 25_000);
            ended.set(true);
            untagged.handle(hangupEvent("call_hangup", callId, null));
            assertNotNull(tap.await(b -> b.contains("providercall_report_ready") && b.contains(pc), T),
                    "announced by the hang-up; call-manager saw " + calls.received());
        } finally {
            untagged.stop();
        }
    }

    /** The running configuration, with {@code tag-calls} as given. */
    private ProviderCallConfig tagCalls(boolean tag) {
        return (ProviderCallConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ProviderCallConfig.class}, (proxy, method, args) -> method.getName().equals("tagCalls")
                        ? tag : method.invoke(config, args));
    }

    /** Waits, at most {@code millis}, until call-manager was asked {@code count} times for the report of {@code pc}. */
    private static void awaitReportsAsked(StandInService calls, String pc, int count, long millis)
            throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (reportsAsked(calls, pc).size() < count && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
    }

    /** Two minutes on, the sweep announces the report of {@code pc} (made after {@code since}), and only once. */
    private void assertTheSweepAnnouncesOnce(StandInService calls, EventTap tap, String pc, Instant since)
            throws InterruptedException {
        Instant later = Instant.now().plus(Duration.ofMinutes(2));
        assertEquals(1, readiness.sweep(later, since), "call-manager saw " + calls.received());
        assertNotNull(tap.await(b -> b.contains("providercall_report_ready") && b.contains(pc), T));
        assertEquals(0, readiness.sweep(later, since), "announced once");
    }

    private static List<JsonNode> reportsAsked(StandInService calls, String pc) {
        return calls.received().stream().filter(r -> r.uri().equals("/v1/reports/providercall")
                && r.data().path("providercall_id").asText().equals(pc)).map(StandInService.Received::data).toList();
    }

    /** call-manager as a stand-in whose calls carry no provider call id, as before calls were tagged. */
    private static StandInService callManager(String callId, AtomicBoolean ended) throws Exception {
        return callManager(callId, ended, new AtomicBoolean(false), false, null);
    }

    /**
     * call-manager as a stand-in: places one call, with the provider call's id in its metadata when {@code tag} (as
     * the real one does), running {@code whilePlacing} before it answers the create; reports it complete once
     * {@code ended} says so, and answers the report 503 while {@code away}.
     */
    private static StandInService callManager(String callId, AtomicBoolean ended, AtomicBoolean away, boolean tag,
                                              Consumer<String> whilePlacing) throws Exception {
        return new StandInService("call-manager", r -> {
            if (r.uri().equals("/v1/reports/providercall")) {
                return away.get() ? StandInService.error(503, "UNAVAILABLE", "SERVICE_BUSY", "busy")
                        : report(r, ended.get(), List.of(Map.of("call_id", callId)));
            }
            String pc = r.data().path("metadata").path("providercall_id").asText();
            if (whilePlacing != null) {
                whilePlacing.accept(pc);
            }
            Map<String, Object> call = tag ? Map.of("id", callId, "metadata", Map.of("providercall_id", pc))
                    : Map.of("id", callId);
            return StandInService.ok(Map.of("calls", List.of(call), "outcomes", List.of(Map.of("index", 0,
                    "destination", Map.of("type", "tel", "target", "+821012345678"), "call_id", callId))));
        });
    }

    /** call-manager's report answer for the record the request names: complete (a failed verdict) or not yet. */
    private static ObjectNode report(StandInService.Received r, boolean complete, List<?> calls) {
        return StandInService.ok(Map.of("providercall_id", r.data().get("providercall_id").asText(),
                "complete", complete, "verdict", complete ? "failed" : "inconclusive", "reasons", List.of(),
                "calls", calls));
    }

    private String provider() {
        return rpc.call("route-manager", "POST", "/v1/providers", Map.of("type", "sip",
                "hostname", "report.example"), T).dataOrThrow().get("id").asText();
    }

    private String providercall(UUID customer, String provider) {
        return rpc.call("route-manager", "POST", "/v1/providercalls", Map.of(
                        "customer_id", customer.toString(), "created_by", UUID.randomUUID().toString(),
                        "request", Map.of("provider_id", provider, "source", Map.of("type", "tel",
                                "target", "+14155551234"),
                                "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")))), T)
                .dataOrThrow().get("id").asText();
    }

    private void hangup(String type, String id) throws Exception {
        hangup(type, id, null);
    }

    /** A hang-up event as call-manager publishes it; {@code providercall} in its metadata when not null. */
    private void hangup(String type, String id, String providercall) throws Exception {
        Channel channel = broker.newChannel();
        try {
            channel.exchangeDeclare("call-manager.events", "topic", true);
            channel.basicPublish("call-manager.events", type, new AMQP.BasicProperties(),
                    hangupEvent(type, id, providercall));
        } finally {
            channel.close();
        }
    }

    private static byte[] hangupEvent(String type, String id, String providercall) {
        Map<String, Object> data = providercall == null ? Map.of("id", id, "status", "hangup")
                : Map.of("id", id, "status", "hangup", "metadata", Map.of("providercall_id", providercall));
        return Json.bytes(Map.of("type", type, "publisher", "call-manager", "request_id", "req_test", "data", data));
    }
}
