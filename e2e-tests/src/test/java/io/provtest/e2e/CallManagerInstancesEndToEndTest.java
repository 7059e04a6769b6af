package io.provtest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.provtest.testing.LocalInfra;
import io.provtest.testing.Sipp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two call-manager instances over one database and broker. A live SIP dialog lives in the instance that placed it:
 * a hangup that lands on the other one is handed over; when the holder is gone, the call still ends, with a cause.
 * Which instance talked SIP is proven by the Via port the carrier saw.
 */
class CallManagerInstancesEndToEndTest {

    private static final String OTHER = "cm-e2e-b";
    private static final int OTHER_HTTP_PORT = 18094;
    private static final int OTHER_SIP_PORT = 15190;
    private static final int OTHER_RTP_PORT_MIN = 32000;
    private static final int HOLDER_SIP_PORT = 15090;
    private static final Pattern VIA_PORT = Pattern.compile("(?m)^Via: SIP/2\\.0/UDP [0-9.]+:(\\d+)");

    private static Process other;

    @BeforeAll
    static void startTheOtherInstance() {
        Calls.admin();
        other = startOther();
    }

    @AfterAll
    static void stopTheOtherInstance() throws InterruptedException {
        if (other != null) {
            other.destroy();
            other.waitFor(15, TimeUnit.SECONDS);
        }
    }

    private static Process startOther() {
        return SystemUnderTest.get().startCallManager(OTHER, OTHER_HTTP_PORT, OTHER_SIP_PORT, OTHER_RTP_PORT_MIN);
    }

    private static String queueOf(String instance) {
        return "call-manager." + instance;
    }

    /** The Via ports of every request of one method the carrier received (the sender's SIP port). */
    private static List<Integer> viaPortsOf(Sipp carrier, String method) throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (String message : carrier.messages().split("(?m)^-{20,}")) {
            if (message.contains("\n" + method + " sip:") || message.contains("\r\n" + method + " sip:")) {
                Matcher via = VIA_PORT.matcher(message);
                if (via.find()) {
                    ports.add(Integer.parseInt(via.group(1)));
                }
            }
        }
        return ports;
    }

    /** The broker drops an instance's own queue once that instance's connection is gone. */
    private static void awaitQueueGone(String queue) throws Exception {
        try (Connection connection = LocalInfra.fromEnvironment().rabbitConnection("e2e-queue-check")) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                try (Channel channel = connection.createChannel()) {
                    channel.queueDeclarePassive(queue);
                } catch (IOException gone) {
                    return; // 404 NOT_FOUND closed the channel
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError(queue + " still exists 10 s after its instance died");
    }

    @Test
    void aHangupLandingOnTheOtherInstanceIsHandedToTheOneHoldingTheDialog() throws Exception {
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_ring_until_cancel.xml"), 1)) {
            String id = Calls.dial(queueOf(SystemUnderTest.CALL_MANAGER_INSTANCE), List.of(Calls.provider(carrier)),
                    "no");
            Calls.await(id, "ringing", 10);

            JsonNode answer = Rpc.call(queueOf(OTHER), "POST", "/v1/calls/" + id + "/hangup", null).dataOrThrow();
            assertTrue(List.of("canceling", "hangup").contains(answer.get("status").asText()), answer.toString());

            JsonNode call = Calls.await(id, "hangup", 10);
            Calls.assertCarrierHappy(carrier);
            assertEquals("cancel", call.get("hangup_reason").asText(), call.toString());
            assertEquals(487, call.get("sip_status_code").asInt());
            assertEquals(List.of(HOLDER_SIP_PORT), viaPortsOf(carrier, "INVITE"), carrier.describe());
            assertEquals(List.of(HOLDER_SIP_PORT), viaPortsOf(carrier, "CANCEL"),
                    "the CANCEL came from the instance holding the dialog: " + carrier.describe());
        }
    }

    @Test
    void aGroupcallHungUpThroughTheOtherInstanceCancelsEveryLegFromItsHolder() throws Exception {
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_ring_until_cancel.xml"), 2)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("customer_id", Calls.customerId());
            body.put("source", Map.of("type", "tel", "target", "+14155551234"));
            body.put("destinations", List.of(Map.of("type", "sip", "target", "desk-1@" + carrier.hostPort()),
                    Map.of("type", "sip", "target", "desk-2@" + carrier.hostPort())));
            body.put("ring_method", "ring_all");
            body.put("answer_method", "hangup_others");
            String id = Rpc.call(queueOf(OTHER), "POST", "/v1/groupcalls", body).dataOrThrow().get("id").asText();
            JsonNode groupcall = Calls.read("/v1.0/groupcalls/" + id);
            for (JsonNode leg : groupcall.get("call_ids")) {
                Calls.await(leg.asText(), "ringing", 10);
            }

            Rpc.call(queueOf(SystemUnderTest.CALL_MANAGER_INSTANCE), "POST", "/v1/groupcalls/" + id + "/hangup", null)
                    .dataOrThrow();

            JsonNode ended = Calls.awaitStatus("/v1.0/groupcalls/" + id, "hangup", 10);
            assertEquals(0, ended.get("call_count").asInt(), ended.toString());
            for (JsonNode leg : ended.get("call_ids")) {
                assertEquals("cancel", Calls.await(leg.asText(), "hangup", 10).get("hangup_reason").asText());
            }
            assertEquals(0, carrier.awaitExit(20), carrier.describe());
            assertEquals(List.of(OTHER_SIP_PORT, OTHER_SIP_PORT), viaPortsOf(carrier, "CANCEL"), carrier.describe());
        }
    }

    @Test
    void aCallWhoseInstanceDiedEndsFailedWithTheCauseAndTheRestartedInstanceHoldsNothingStale() throws Exception {
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_ring_until_cancel.xml"), 2)) {
            String provider = Calls.provider(carrier);
            String hungUpElsewhere = Calls.dial(queueOf(OTHER), List.of(provider), "no");
            String leftBehind = Calls.dial(queueOf(OTHER), List.of(provider), "no");
            Calls.await(hungUpElsewhere, "ringing", 10);
            Calls.await(leftBehind, "ringing", 10);

            other.destroyForcibly(); // a crash: no shutdown hook, the dialogs are lost with the process
            assertTrue(other.waitFor(15, TimeUnit.SECONDS));
            awaitQueueGone(queueOf(OTHER) + ".request");

            // The holder's own queue went with its connection: the hangup is answered at once, and the call ends.
            JsonNode answer = Rpc.call(queueOf(SystemUnderTest.CALL_MANAGER_INSTANCE), "POST",
                    "/v1/calls/" + hungUpElsewhere + "/hangup", null).dataOrThrow();
            assertEquals("hangup", answer.get("status").asText(), answer.toString());
            JsonNode lost = Calls.call(hungUpElsewhere);
            assertEquals("failed", lost.get("hangup_reason").asText(), lost.toString());
            assertTrue(lost.get("hangup_cause").asText().contains(OTHER), lost.toString());

            // The call nobody asked about is ended by the instance itself when it comes back.
            assertEquals("ringing", Calls.call(leftBehind).get("status").asText());
            other = startOther();
            JsonNode reconciled = Calls.await(leftBehind, "hangup", 10);
            assertEquals("failed", reconciled.get("hangup_reason").asText(), reconciled.toString());
            assertTrue(reconciled.get("hangup_cause").asText().contains("restarted"), reconciled.toString());
        }
    }

    @Test
    void instancesStartedWithoutAnIdCoexistAndTheCallsOfOneGoneForGoodAreEndedByASurvivor() throws Exception {
        SystemUnderTest sut = SystemUnderTest.get();
        // a short lease, so that the survivors notice the crash within seconds
        Map<String, String> lease = Map.of("CALL_LEASE_TTL", "3s", "CALL_LEASE_HEARTBEAT_INTERVAL", "1s");
        Process first = sut.startCallManagerWithoutId("call-manager-unnamed-a", 18095, 15290, 33000, lease);
        Process second = sut.startCallManagerWithoutId("call-manager-unnamed-b", 18096, 15390, 34000, lease);
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_ring_until_cancel.xml"), 2)) {
            String firstId = sut.instanceIdOf("call-manager-unnamed-a");
            String secondId = sut.instanceIdOf("call-manager-unnamed-b");
            assertNotEquals(firstId, secondId, "two replicas without configuration never share an identity");
            assertTrue(!List.of(SystemUnderTest.CALL_MANAGER_INSTANCE, OTHER).contains(firstId), firstId);

            String provider = Calls.provider(carrier);
            String held = Calls.dial(queueOf(firstId), List.of(provider), "no");
            String kept = Calls.dial(queueOf(secondId), List.of(provider), "no");
            Calls.await(held, "ringing", 10);
            Calls.await(kept, "ringing", 10);
            List<Integer> invites = new ArrayList<>(viaPortsOf(carrier, "INVITE"));
            invites.sort(null);
            assertEquals(List.of(15290, 15390), invites, "each dialed from its own SIP port: " + carrier.describe());

            first.destroyForcibly(); // a crash: nobody asks about its call, its lease runs out
            assertTrue(first.waitFor(15, TimeUnit.SECONDS));
            JsonNode ended = Calls.await(held, "hangup", 20);
            assertEquals("failed", ended.get("hangup_reason").asText(), ended.toString());
            String cause = ended.get("hangup_cause").asText();
            assertTrue(cause.contains(firstId) && cause.contains("lease expired"), ended.toString());

            assertEquals("ringing", Calls.call(kept).get("status").asText(), "the other replica's call lives on");
            Rpc.call(queueOf(secondId), "POST", "/v1/calls/" + kept + "/hangup", null).dataOrThrow();
            assertEquals("cancel", Calls.await(kept, "hangup", 10).get("hangup_reason").asText());
        } finally {
            first.destroyForcibly();
            second.destroy();
            second.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** The readiness answer of a local service: its HTTP status, or -1 when nothing answers. */
    private static int readiness(int port) throws InterruptedException {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(java.time.Duration.ofSeconds(2)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void sigtermDrainsTheInstanceLettingItsCallsLiveForTheGraceThenEndingThemWithACause() throws Exception {
        SystemUnderTest sut = SystemUnderTest.get();
        Process draining = sut.startCallManagerWithoutId("call-manager-draining", 18097, 15490, 35000,
                Map.of("CALL_DRAIN_TIMEOUT", "4s"));
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_ring_until_cancel.xml"), 1)) {
            String id = sut.instanceIdOf("call-manager-draining");
            String call = Calls.dial(queueOf(id), List.of(Calls.provider(carrier)), "no");
            Calls.await(call, "ringing", 10);

            draining.destroy(); // SIGTERM, as Kubernetes or Ctrl-C
            long deadline = System.currentTimeMillis() + 3_000;
            while (readiness(18097) == 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(readiness(18097) != 200, "a draining instance is not ready");
            assertEquals("ringing", Calls.call(call).get("status").asText(), "the call lives on during the grace");
            assertTrue(draining.isAlive(), "the process waits for its calls");

            JsonNode ended = Calls.await(call, "hangup", 15);
            assertEquals("cancel", ended.get("hangup_reason").asText(), ended.toString());
            assertTrue(ended.get("hangup_cause").asText().contains("drain grace of 4 s"), ended.toString());
            Calls.assertCarrierHappy(carrier);
            assertTrue(draining.waitFor(20, TimeUnit.SECONDS), "the drained instance exits");
        } finally {
            draining.destroyForcibly();
        }
    }
}
