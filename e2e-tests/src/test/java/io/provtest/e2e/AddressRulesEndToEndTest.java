package io.provtest.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.provtest.testing.Sipp;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The address rules as a customer meets them (issue 17, items 1 and 7). The system runs with
 * SIP_ALLOWED_HOSTS = PLAY_ALLOWED_HOSTS = 127.0.0.1. Refused targets are 127.0.0.2 (where a trap listens and must
 * stay silent) and other ranges no test ever reaches, since they are refused before any packet is sent.
 */
class AddressRulesEndToEndTest {

    /** Counts what arrives on 127.0.0.2, UDP (SIP) and TCP (HTTP) on the same port. */
    static final class Trap implements AutoCloseable {
        final DatagramSocket udp;
        final ServerSocket tcp;
        final AtomicInteger hits = new AtomicInteger();

        Trap() throws IOException {
            InetAddress refused = InetAddress.getByName("127.0.0.2");
            tcp = new ServerSocket(0, 8, refused);
            udp = new DatagramSocket(tcp.getLocalPort(), refused);
            udp.setSoTimeout(100);
            Thread udpThread = new Thread(() -> {
                byte[] buffer = new byte[4096];
                while (!udp.isClosed()) {
                    try {
                        udp.receive(new DatagramPacket(buffer, buffer.length));
                        hits.incrementAndGet();
                    } catch (SocketTimeoutException idle) {
                        // keep listening
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Thread tcpThread = new Thread(() -> {
                while (!tcp.isClosed()) {
                    try (Socket s = tcp.accept()) {
                        hits.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            udpThread.setDaemon(true);
            tcpThread.setDaemon(true);
            udpThread.start();
            tcpThread.start();
        }

        int port() {
            return tcp.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            udp.close();
            tcp.close();
        }
    }

    private static Map<String, Object> sip(String target) {
        return Map.of("type", "sip", "target", target);
    }

    private static Response createAgent(String username, List<Map<String, Object>> addresses) {
        return Api.as(Calls.admin()).body(Map.of("customer_id", Calls.customerId(), "username", username,
                "password", "agent-pass-1", "permission", 0x10, "addresses", addresses)).post("/v1.0/agents");
    }

    private static void assertNotAllowed(Response response, String field) {
        response.then().statusCode(400).body("error.reason", equalTo("DESTINATION_NOT_ALLOWED"))
                .body("error.details[0].field", equalTo(field));
    }

    private static int count(String collection) throws Exception {
        return Calls.read(collection + "?page_size=100").get("result").size();
    }

    @Test
    void anAgentAddressAtARefusedLiteralIs400AndNothingIsStored() throws Exception {
        String username = "agent-" + UUID.randomUUID();
        assertNotAllowed(createAgent(username, List.of(sip("desk@127.0.0.2:5090"))), "addresses[0].target");
        assertNotAllowed(createAgent(username, List.of(Map.of("type", "tel", "target", "+821012345678"),
                sip("sip:desk@10.0.0.1"))), "addresses[1].target");
        assertNotAllowed(createAgent(username, List.of(sip("desk@[::1]:5060"))), "addresses[0].target");
        assertNotAllowed(createAgent(username, List.of(sip("desk@169.254.169.254"))), "addresses[0].target");
        createAgent(username, List.of(sip("desk@127.0.0.1:5090;maddr=10.0.0.1"))).then().statusCode(400)
                .body("error.reason", equalTo("INVALID_ARGUMENT"))
                .body("error.details[0].field", equalTo("addresses[0].target"));

        // nothing was stored: the username is still free, and the allow-listed address is accepted
        String id = createAgent(username, List.of(sip("desk@127.0.0.1:5090"))).then().statusCode(200)
                .extract().path("id");
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("username", username);
        update.put("addresses", List.of(sip("desk@10.0.0.1")));
        assertNotAllowed(Api.as(Calls.admin()).body(update).put("/v1.0/agents/" + id), "addresses[0].target");
        JsonNode agent = Calls.read("/v1.0/agents/" + id);
        assertEquals("desk@127.0.0.1:5090", agent.get("addresses").get(0).get("target").asText(), agent.toString());
    }

    @Test
    void aSipDestinationAtARefusedLiteralIs400AndNothingIsDialed() throws Exception {
        try (Trap trap = new Trap()) {
            int before = count("/v1.0/groupcalls");
            for (List<Map<String, Object>> destinations : List.of(
                    List.of(sip("desk@127.0.0.2:" + trap.port())),
                    List.of(sip("desk@10.0.0.1")),
                    // one refused destination refuses the request: nothing is rung, not even the good one
                    List.of(sip("desk@127.0.0.1:" + trap.port()), sip("sip:desk@127.0.0.2:" + trap.port())))) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("source", Map.of("type", "tel", "target", "+14155551234"));
                body.put("destinations", destinations);
                Response response = Api.as(Calls.admin()).body(body).post("/v1.0/groupcalls");
                assertNotAllowed(response, "destinations[" + (destinations.size() - 1) + "].target");
            }
            Thread.sleep(1000);
            assertEquals(0, trap.hits.get(), "nothing reached the refused address");
            assertEquals(before, count("/v1.0/groupcalls"), "no groupcall was stored");
        }
    }

    @Test
    void aPlayUrlToARefusedLiteralIsRefusedAtFlowCreation() throws Exception {
        int before = count("/v1.0/flows");
        for (String url : List.of("http://127.0.0.2/a.wav", "http://10.0.0.1:8080/a.wav",
                "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/")) {
            Response response = Api.as(Calls.admin()).body(Map.of("name", "refused", "actions",
                    List.of(Map.of("type", "play", "option", Map.of("stream_urls", List.of(url)))))).post("/v1.0/flows");
            assertNotAllowed(response, "actions[0].option.stream_urls[0]");
        }
        assertEquals(before, count("/v1.0/flows"));
    }

    /** A WAV whose header claims whatever rate a test wants, with a little audio after it. */
    private static byte[] wav(int rate) {
        int dataBytes = 1600;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + dataBytes).putInt(0x45564157).putInt(0x20746d66).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2)
                .putShort((short) 16).putInt(0x61746164).putInt(dataBytes);
        return b.array();
    }

    @Test
    void aPlayUrlThatRedirectsToARefusedAddressOrIsAHostileWavFailsTheCallWithoutRevealingTheAnswer() throws Exception {
        HttpServer media = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 8);
        try (Trap trap = new Trap();
             Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye.xml"), 2)) {
            media.createContext("/redirect", exchange -> {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + trap.port() + "/internal.wav");
                byte[] body = "internal-secret".getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(302, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            media.createContext("/rate1.wav", exchange -> {
                byte[] body = wav(1);
                exchange.getResponseHeaders().add("Content-Type", "audio/wav");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            media.start();
            String base = "http://127.0.0.1:" + media.getAddress().getPort();
            String providerId = Calls.provider(carrier);
            Map<String, String> expected = Map.of(
                    base + "/redirect", "The play action failed: stream_urls[0] leads to an address this platform does"
                            + " not contact (DESTINATION_NOT_ALLOWED)",
                    base + "/rate1.wav", "The play action failed: stream_urls[0] is not a WAV file this platform plays"
                            + " (PCM 8 or 16 bit, 8 to 48 kHz, 1 or 2 channels, at most 10 MB)");
            for (Map.Entry<String, String> url : expected.entrySet()) {
                Response created = Api.as(Calls.admin()).body(Map.of("provider_id", providerId,
                        "source", Map.of("type", "tel", "target", "+14155551234"),
                        "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")),
                        "actions", List.of(Map.of("type", "answer"),
                                Map.of("type", "play", "option", Map.of("stream_urls", List.of(url.getKey()))))))
                        .post("/v1.0/providercalls");
                created.then().statusCode(200);
                JsonNode call = Calls.await(created.path("call_ids[0]"), "hangup", 30);
                assertEquals("failed", call.get("hangup_reason").asText(), call.toString());
                String cause = call.get("hangup_cause").asText();
                assertEquals(url.getValue(), cause);
                assertFalse(cause.contains("302") || cause.contains("secret") || cause.contains("127.0.0.2"), cause);
            }
            assertEquals(0, carrier.awaitExit(20), carrier.describe());
            assertEquals(0, trap.hits.get(), "the redirect target was never contacted");
        } finally {
            media.stop(0);
        }
    }

    @Test
    void aSipDestinationWhoseAnswerAimsMediaAtARefusedAddressIsEndedFailedBeforeAnyRtp() throws Exception {
        try (Trap trap = new Trap()) {
            String template = Files.readString(Calls.SCENARIOS.resolve("uas_answer_media_at_wait_bye.xml"));
            Path scenario = Files.createTempFile("uas_answer_media_at_wait_bye", ".xml");
            Files.writeString(scenario, template.replace("@MEDIA_HOST@", "127.0.0.2")
                    .replace("@MEDIA_PORT@", String.valueOf(trap.port())));
            try (Sipp farEnd = Sipp.uas(scenario, 1)) {
                // the destination itself is allowed (SIP_ALLOWED_HOSTS = 127.0.0.1); its answer's media is not
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("source", Map.of("type", "tel", "target", "+14155551234"));
                body.put("destinations", List.of(sip("desk@" + farEnd.hostPort())));
                body.put("actions", List.of(Map.of("type", "answer"),
                        Map.of("type", "sleep", "option", Map.of("duration", 3000))));
                Response created = Api.as(Calls.admin()).body(body).post("/v1.0/groupcalls");
                created.then().statusCode(200);
                JsonNode call = Calls.await(created.path("call_ids[0]"), "hangup", 30);
                assertEquals("failed", call.get("hangup_reason").asText(), call.toString());
                assertTrue(call.get("hangup_cause").asText().startsWith("The far end's answer asked for media at"
                        + " 127.0.0.2, a loopback address"), call.toString());
                assertFalse(call.hasNonNull("tm_progressing"), "never counted as answered: " + call);
                assertEquals(0, farEnd.awaitExit(20), farEnd.describe());
            }
            Thread.sleep(500);
            assertEquals(0, trap.hits.get(), "no RTP reached the refused address");
        }
    }
}
