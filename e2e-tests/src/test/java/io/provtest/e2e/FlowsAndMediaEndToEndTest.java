package io.provtest.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.testing.Sipp;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Post-answer flows with real text-to-speech over RTP, checked on the carrier's side of the wire. */
class FlowsAndMediaEndToEndTest {

    private static final List<Object> VERIFICATION_FLOW = List.of(Map.of("type", "answer"),
            Map.of("type", "talk", "option", Map.of("text", "This is a provider verification call.", "language", "en-US")),
            Map.of("type", "hangup"));

    /** Collects the RTP a carrier would receive on the port its SDP named. */
    static final class RtpReceiver implements AutoCloseable {
        final DatagramSocket socket;
        final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int packets;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        RtpReceiver() throws Exception {
            socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
            socket.setSoTimeout(200);
            thread = new Thread(() -> {
                byte[] buffer = new byte[2048];
                while (running.get()) {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(p);
                        synchronized (this) {
                            packets++;
                            payload.write(buffer, 12, p.getLength() - 12);
                        }
                    } catch (SocketTimeoutException idle) {
                        // keep listening
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            thread.join(1000);
            socket.close();
        }
    }

    private static short ulawToLinear(byte encoded) {
        int u = ~encoded & 0xFF;
        int magnitude = ((((u & 0x0F) << 3) + 0x84) << ((u >> 4) & 0x07)) - 0x84;
        return (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
    }

    @Test
    void talkIsSpokenAsIntelligibleRtpAndTheCallEndsNormalLocal() throws Exception {
        try (RtpReceiver receiver = new RtpReceiver();
             Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye_extrtp.xml"), 1,
                     "-set", "rtpport", String.valueOf(receiver.port()))) {
            String providerId = Calls.provider(carrier);
            Response created = Api.as(Calls.admin()).body(Map.of("provider_id", providerId,
                    "source", Map.of("type", "tel", "target", "+14155551234"),
                    "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")),
                    "actions", VERIFICATION_FLOW)).post("/v1.0/providercalls");
            created.then().statusCode(200);
            JsonNode call = Calls.await(created.path("call_ids[0]"), "hangup", 30);
            Calls.assertCarrierHappy(carrier);
            assertEquals("normal", call.get("hangup_reason").asText(), call.toString());
            assertEquals("local", call.get("hangup_by").asText());
            assertEquals("hangup", call.get("action").get("type").asText(), "the current action is shown on the call");
            Thread.sleep(300);

            byte[] ulaw;
            synchronized (receiver) {
                ulaw = receiver.payload.toByteArray();
                assertTrue(receiver.packets >= 75, "at least 1.5 s of audio, got " + receiver.packets + " packets");
            }
            short[] pcm = new short[ulaw.length];
            for (int i = 0; i < ulaw.length; i++) {
                pcm[i] = ulawToLinear(ulaw[i]);
            }
            writeWav(Path.of("target/e2e-audio/provider-verification-call.wav"), pcm);
            assertSpeechLike(pcm);
        }
    }

    /**
     * Speech has an energy envelope that comes and goes: some 20 ms frames loud, some near silence, and their energy
     * varies a lot. Silence fails the first test, steady noise or a tone the second.
     */
    static void assertSpeechLike(short[] pcm) {
        int frames = pcm.length / 160;
        double[] rms = new double[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int i = 0; i < 160; i++) {
                double v = pcm[f * 160 + i];
                sum += v * v;
            }
            rms[f] = Math.sqrt(sum / 160);
        }
        double mean = java.util.Arrays.stream(rms).average().orElse(0);
        long loud = java.util.Arrays.stream(rms).filter(r -> r > 500).count();
        double variance = java.util.Arrays.stream(rms).map(r -> (r - mean) * (r - mean)).sum() / frames;
        double variation = Math.sqrt(variance) / Math.max(mean, 1);
        assertTrue(loud > frames * 0.3, "speech is mostly audible: " + loud + " of " + frames + " frames loud");
        assertTrue(loud < frames, "speech has pauses");
        assertTrue(variation > 0.4, "speech energy varies (coefficient of variation " + variation + ")");
    }

    static void writeWav(Path file, short[] pcm) throws Exception {
        Files.createDirectories(file.getParent());
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + pcm.length * 2).putInt(0x45564157).putInt(0x20746d66).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000).putShort((short) 2)
                .putShort((short) 16).putInt(0x61746164).putInt(pcm.length * 2);
        for (short s : pcm) {
            b.putShort(s);
        }
        Files.write(file, b.array());
    }

    @Test
    void audioSentIsEchoedBackAndCountedOnTheCall() throws Exception {
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye.xml"), 1, "-rtp_echo")) {
            String providerId = Calls.provider(carrier);
            Response created = Api.as(Calls.admin()).body(Map.of("provider_id", providerId,
                    "source", Map.of("type", "tel", "target", "+14155551234"),
                    "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")),
                    "actions", VERIFICATION_FLOW)).post("/v1.0/providercalls");
            JsonNode call = Calls.await(created.path("call_ids[0]"), "hangup", 30);
            JsonNode stats = call.get("rtp_stats");
            assertTrue(stats.get("packets_sent").asInt() >= 75, stats.toString());
            assertTrue(stats.get("packets_received").asInt() >= 60, "the carrier's echo came back: " + stats);
        }
    }

    @Test
    void anUnknownActionTypeStoresNoFlow() {
        Api.as(Calls.admin()).body(Map.of("name", "bad", "actions", List.of(Map.of("type", "answer"),
                Map.of("type", "teleport")))).post("/v1.0/flows").then().statusCode(400)
                .body("error.reason", equalTo("INVALID_ACTION_TYPE"));
        Api.as(Calls.admin()).get("/v1.0/flows").then().statusCode(200)
                .body("result.findAll { it.name == 'bad' }.size()", equalTo(0));
    }

    @Test
    void flowsAreCustomerScopedAndValidated() {
        String admin = Calls.admin();
        String id = Api.as(admin).body(Map.of("name", "verify", "actions", VERIFICATION_FLOW)).post("/v1.0/flows")
                .then().statusCode(200).body("persist", equalTo(true)).extract().path("id");
        Api.as(admin).get("/v1.0/flows/" + id).then().statusCode(200).body("actions[1].option.language", equalTo("en-US"));
        Api.as(admin).body(Map.of("name", "sleepy", "actions", List.of(Map.of("type", "sleep",
                "option", Map.of("duration", -1))))).post("/v1.0/flows").then().statusCode(400)
                .body("error.details[0].field", equalTo("actions[0].option.duration"));
        Api.as(admin).body(Map.of("name", "mute", "actions", List.of(Map.of("type", "talk",
                "option", Map.of("text", "hi", "language", "tlh"))))).post("/v1.0/flows").then().statusCode(400);
        Api.as(admin).delete("/v1.0/flows/" + id).then().statusCode(200);
        Api.as(admin).get("/v1.0/flows/" + UUID.randomUUID()).then().statusCode(404);
    }
}
