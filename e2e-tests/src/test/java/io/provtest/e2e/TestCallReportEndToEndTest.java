package io.provtest.e2e;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.testing.EventTap;
import io.provtest.testing.Sipp;
import io.restassured.response.Response;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's test-call report and recordings against SIPp carriers: one that answers and echoes (passed, its
 * recording served as WAV with ranges), one that answers and sends nothing (failed, NO_AUDIO_FROM_CARRIER), one that
 * answers with a codec we did not offer (failed, CODEC_NOT_OFFERED), and one that plays a spoken announcement as early media then rejects with 404 (failed, REJECTED and
 * EARLY_MEDIA_ANNOUNCEMENT, the announcement in the recording).
 */
class TestCallReportEndToEndTest {

    private static final List<Object> VERIFICATION_FLOW = List.of(Map.of("type", "answer"),
            Map.of("type", "talk", "option", Map.of("text", "This is a provider verification call.", "language", "en-US")),
            Map.of("type", "hangup"));

    private static Response providerCall(String providerId, List<Object> actions) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("provider_id", providerId,
                "source", Map.of("type", "tel", "target", "+14155551234"),
                "destinations", List.of(Map.of("type", "tel", "target", "+821012345678"))));
        if (actions != null) {
            body.put("actions", actions);
        }
        Response created = Api.as(Calls.admin()).body(body).post("/v1.0/providercalls");
        created.then().statusCode(200);
        return created;
    }

    private static JsonNode report(String providercallId) throws Exception {
        return Calls.read("/v1.0/providercalls/" + providercallId + "/report");
    }

    private static List<String> codes(JsonNode reasons) {
        List<String> codes = new ArrayList<>();
        reasons.forEach(r -> codes.add(r.get("code").asText()));
        return codes;
    }

    @Test
    void aCarrierThatAnswersAndEchoesPassesAndItsRecordingIsAWavThatSeeks() throws Exception {
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye.xml"), 1, "-rtp_echo")) {
            Response created = providerCall(Calls.provider(carrier), VERIFICATION_FLOW);
            String id = created.path("id");
            String callId = created.path("call_ids[0]");
            JsonNode call = Calls.await(callId, "hangup", 30);

            JsonNode report = report(id);
            assertEquals(id, report.get("providercall_id").asText());
            assertTrue(report.get("complete").asBoolean(), report.toString());
            assertEquals("passed", report.get("verdict").asText(), report.toString());
            assertEquals(List.of("ANSWERED_WITH_AUDIO"), codes(report.get("reasons")));
            JsonNode c = report.get("calls").get(0);
            assertEquals(callId, c.get("call_id").asText());
            assertEquals("passed", c.get("verdict").asText());
            assertEquals(200, c.get("sip_status_code").asInt());
            assertEquals("OK", c.get("sip_reason").asText());
            assertEquals("PCMU", c.get("codec").asText());
            assertTrue(c.get("answer_ms").asLong() >= 0, c.toString());
            assertTrue(c.get("post_dial_delay_ms").isNull(), "no 18x came: " + c);
            assertTrue(c.get("rtp").get("sent").asLong() >= 75, c.toString());
            assertTrue(c.get("rtp").get("received").asLong() >= 60, c.toString());
            assertTrue(c.get("rtp").has("lost") && c.get("rtp").has("jitter_ms"), c.toString());
            assertFalse(c.get("one_way_audio").asBoolean());
            assertFalse(c.get("early_media").get("present").asBoolean());
            assertFalse(c.get("early_media").get("speech").asBoolean());
            assertTrue(c.get("duration_ms").asLong() > 1000, c.toString());

            int size = call.get("recording_bytes").asInt();
            assertTrue(size > 44 + 2 * 8000, "the call's record gives the recording's size: " + call);
            byte[] whole = Api.as(Calls.admin()).get("/v1.0/calls/" + callId + "/recording").then().statusCode(200)
                    .header("Content-Type", equalTo("audio/wav")).header("Accept-Ranges", equalTo("bytes"))
                    .extract().asByteArray();
            assertEquals(size, whole.length);
            short[] pcm = pcmOf(whole);
            assertTrue(speechLike(pcm), "the carrier's echo of our speech is in the recording");

            byte[] head = Api.as(Calls.admin()).header("Range", "bytes=0-43").get("/v1.0/calls/" + callId + "/recording")
                    .then().statusCode(206).header("Content-Range", equalTo("bytes 0-43/" + size))
                    .header("Content-Type", equalTo("audio/wav")).extract().asByteArray();
            assertArrayEquals(Arrays.copyOfRange(whole, 0, 44), head);
            byte[] middle = Api.as(Calls.admin()).header("Range", "bytes=1001-5000")
                    .get("/v1.0/calls/" + callId + "/recording").then().statusCode(206)
                    .header("Content-Range", equalTo("bytes 1001-5000/" + size)).extract().asByteArray();
            assertArrayEquals(Arrays.copyOfRange(whole, 1001, 5001), middle, "an odd offset splits a sample");
            byte[] tail = Api.as(Calls.admin()).header("Range", "bytes=-100").get("/v1.0/calls/" + callId + "/recording")
                    .then().statusCode(206).extract().asByteArray();
            assertArrayEquals(Arrays.copyOfRange(whole, size - 100, size), tail);
            Api.as(Calls.admin()).header("Range", "bytes=" + size + "-").get("/v1.0/calls/" + callId + "/recording")
                    .then().statusCode(416).body("error.reason", equalTo("RANGE_NOT_SATISFIABLE"));
        }
    }

    @Test
    void aCarrierThatAnswersWithoutAudioFailsAndHasNoRecording() throws Exception {
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye.xml"), 1)) {
            Response created = providerCall(Calls.provider(carrier), VERIFICATION_FLOW);
            String callId = created.path("call_ids[0]");
            JsonNode call = Calls.await(callId, "hangup", 30);
            JsonNode report = report(created.path("id"));
            assertEquals("failed", report.get("verdict").asText(), report.toString());
            JsonNode c = report.get("calls").get(0);
            assertEquals("NO_AUDIO_FROM_CARRIER", c.get("reasons").get(0).get("code").asText(), c.toString());
            assertTrue(c.get("reasons").get(0).get("message").asText().contains("media IPs or NAT"));
            assertTrue(c.get("one_way_audio").asBoolean(), c.toString());
            assertEquals(0, c.get("rtp").get("received").asLong());
            assertTrue(call.get("recording_bytes").isNull(), call.toString());
            Api.as(Calls.admin()).get("/v1.0/calls/" + callId + "/recording").then().statusCode(404)
                    .body("error.reason", equalTo("RECORDING_NOT_FOUND"));
        }
    }

    @Test
    void aCarrierThatAnswersWithACodecWeDidNotOfferFails() throws Exception {
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_codec_wait_bye.xml"), 1, "-rtp_echo")) {
            Response created = providerCall(Calls.provider(carrier), VERIFICATION_FLOW);
            Calls.await(created.path("call_ids[0]"), "hangup", 30);
            JsonNode report = report(created.path("id"));
            assertEquals("failed", report.get("verdict").asText(), report.toString());
            JsonNode c = report.get("calls").get(0);
            assertEquals("CODEC_NOT_OFFERED", c.get("reasons").get(0).get("code").asText(), c.toString());
            assertEquals("G729", c.get("codec").asText());
            assertTrue(c.get("reasons").get(0).get("message").asText().contains("PCMU"), c.toString());
        }
    }

    @Test
    void aCarrierWhoseAnswerGivesAnInvalidMediaPortIsByedAndTheCallEndsFailedWithACause() throws Exception {
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_bad_port_wait_bye.xml"), 1)) {
            Response created = providerCall(Calls.provider(carrier), VERIFICATION_FLOW);
            JsonNode call = Calls.await(created.path("call_ids[0]"), "hangup", 30);
            assertEquals("failed", call.get("hangup_reason").asText(), call.toString());
            assertTrue(call.get("hangup_cause").asText().contains("invalid media port (70000)"), call.toString());
            assertEquals(0, carrier.awaitExit(10), carrier.describe());
        }
    }

    @Test
    void aCarrierThatAnnouncesInEarlyMediaThenRejectsFailsWithBothReasons() throws Exception {
        Path announcement = Files.createTempFile("announcement", ".ulaw");
        int millis = writeAnnouncement(announcement,
                "The number you have dialed is not in service. Please check the number and dial again.");
        String template = Files.readString(Calls.SCENARIOS.resolve("uas_early_announcement_reject.xml"));
        Path scenario = Files.createTempFile("uas_early_announcement_reject", ".xml");
        Files.writeString(scenario, template.replace("@ANNOUNCEMENT@", announcement.toAbsolutePath().toString())
                .replace("@PAUSE@", String.valueOf(millis + 700)));
        try (Sipp carrier = Sipp.uas(scenario, 1); EventTap tap = Calls.tap("route-manager.events")) {
            Response created = providerCall(Calls.provider(carrier), VERIFICATION_FLOW);
            String id = created.path("id");
            String callId = created.path("call_ids[0]");

            JsonNode early = report(id);
            assertFalse(early.get("complete").asBoolean(), "while the call is up the report is marked incomplete");
            assertEquals("IN_PROGRESS", early.get("calls").get(0).get("reasons").get(0).get("code").asText());

            JsonNode call = Calls.await(callId, "hangup", 30);
            assertEquals(404, call.get("sip_status_code").asInt());
            assertEquals(0, carrier.awaitExit(10), carrier.describe());
            JsonNode report = report(id);
            assertTrue(report.get("complete").asBoolean());
            assertEquals("failed", report.get("verdict").asText(), report.toString());
            assertEquals(List.of("REJECTED", "EARLY_MEDIA_ANNOUNCEMENT"), codes(report.get("reasons")));
            JsonNode c = report.get("calls").get(0);
            assertEquals(404, c.get("reasons").get(0).get("sip_status_code").asInt());
            assertTrue(c.get("reasons").get(0).get("message").asText().contains("404 Not Found"));
            assertEquals(404, c.get("sip_status_code").asInt());
            assertEquals("Not Found", c.get("sip_reason").asText());
            assertTrue(c.get("early_media").get("present").asBoolean(), c.toString());
            assertTrue(c.get("early_media").get("speech").asBoolean(), c.toString());
            assertTrue(c.get("early_media").get("sdp").asBoolean(), c.toString());
            assertNotNull(c.get("post_dial_delay_ms"));
            assertTrue(c.get("post_dial_delay_ms").asLong() >= 0 && c.get("post_dial_delay_ms").asLong() < 2000,
                    c.toString());
            assertTrue(c.get("answer_ms").isNull());
            assertEquals("PCMU", c.get("codec").asText());
            assertFalse(c.get("one_way_audio").asBoolean());
            assertEquals(0, c.get("duration_ms").asLong());

            byte[] wav = Api.as(Calls.admin()).get("/v1.0/calls/" + callId + "/recording").then().statusCode(200)
                    .header("Content-Type", equalTo("audio/wav")).extract().asByteArray();
            short[] pcm = pcmOf(wav);
            assertTrue(pcm.length >= (millis - 300) * 8, "the announcement was recorded: " + pcm.length + " samples");
            assertTrue(speechLike(pcm), "the announcement sounds like speech in the recording");
            // kept for a listener, with the report that judged it (the README's worked example)
            Path kept = Path.of("target/e2e-audio/early-media-announcement.wav");
            Files.createDirectories(kept.getParent());
            Files.write(kept, wav);
            Files.writeString(kept.resolveSibling("early-media-announcement-report.json"),
                    Calls.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));

            // the end of its last call announced the complete report, once, for the customer's webhook
            String ready = tap.await(b -> b.contains("\"providercall_report_ready\"") && b.contains(id),
                    Duration.ofSeconds(15));
            assertNotNull(ready, "providercall_report_ready was published");
            JsonNode data = Calls.JSON.readTree(ready).get("data");
            assertTrue(data.get("complete").asBoolean(), data.toString());
            assertEquals("failed", data.get("verdict").asText());
            assertEquals(List.of("REJECTED", "EARLY_MEDIA_ANNOUNCEMENT"), codes(data.get("reasons")));
            assertEquals(created.path("customer_id").toString(), data.get("customer_id").asText());
            Thread.sleep(1500);
            assertEquals(1, tap.received().stream()
                    .filter(b -> b.contains("\"providercall_report_ready\"") && b.contains(id)).count(), "once");
        }
    }

    @Test
    void theReportIsForSuperAdminsAndAnUnknownProviderCallIs404() {
        Api.as(Calls.admin()).get("/v1.0/providercalls/" + UUID.randomUUID() + "/report").then().statusCode(404);
        Api.anonymous().get("/v1.0/providercalls/" + UUID.randomUUID() + "/report").then().statusCode(401);
        Api.as(Calls.admin()).get("/v1.0/calls/" + UUID.randomUUID() + "/recording").then().statusCode(404);
        Api.as(Calls.admin()).get("/v1.0/calls/not-an-id/recording").then().statusCode(400);
    }

    // ---- audio helpers ----

    /** The samples of a 16-bit PCM mono 8 kHz WAV, after checking its header. */
    static short[] pcmOf(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x46464952, b.getInt(0), "RIFF");
        assertEquals(0x45564157, b.getInt(8), "WAVE");
        assertEquals(1, b.getShort(20), "PCM");
        assertEquals(1, b.getShort(22), "mono");
        assertEquals(8000, b.getInt(24), "8 kHz");
        assertEquals(16, b.getShort(34), "16-bit");
        assertEquals(wav.length - 44, b.getInt(40), "data size");
        short[] pcm = new short[(wav.length - 44) / 2];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = b.getShort(44 + 2 * i);
        }
        return pcm;
    }

    /**
     * Speech as a listener would find it, judged independently of the service's classifier: at least half a second
     * of 20 ms frames above -40 dBFS whose energy moves by more than 2 dB from frame to frame on average.
     */
    static boolean speechLike(short[] pcm) {
        int active = 0;
        int pairs = 0;
        double moves = 0;
        double previous = -200;
        for (int f = 0; f + 160 <= pcm.length; f += 160) {
            double sum = 0;
            for (int i = f; i < f + 160; i++) {
                sum += (pcm[i] / 32768.0) * (pcm[i] / 32768.0);
            }
            double db = 10 * Math.log10(sum / 160 + 1e-12);
            if (db > -40) {
                active++;
                if (previous > -40) {
                    moves += Math.abs(db - previous);
                    pairs++;
                }
            }
            previous = db;
        }
        return active >= 25 && pairs > 0 && moves / pairs > 2;
    }

    /** Speaks {@code text} with espeak-ng into raw 8 kHz µ-law; returns its length in milliseconds. */
    static int writeAnnouncement(Path file, String text) throws Exception {
        Path raw = Files.createTempFile("espeak", ".wav");
        Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-s", "150", "-w", raw.toString(), text)
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        int rate = in.getInt(24);
        int dataAt = 12;
        while (in.getInt(dataAt) != 0x61746164) { // "data"
            dataAt += 8 + in.getInt(dataAt + 4);
        }
        int count = Math.min(in.getInt(dataAt + 4), in.capacity() - dataAt - 8) / 2;
        short[] source = new short[count];
        for (int i = 0; i < count; i++) {
            source[i] = in.getShort(dataAt + 8 + 2 * i);
        }
        int out = (int) ((long) count * 8000 / rate);
        byte[] ulaw = new byte[out];
        double step = rate / 8000.0;
        for (int i = 0; i < out; i++) {
            // average over the source samples this output sample covers: a crude low-pass before decimation
            int from = (int) (i * step);
            int to = Math.min(count, (int) ((i + 1) * step));
            long sum = 0;
            for (int k = from; k < to; k++) {
                sum += source[k];
            }
            ulaw[i] = ulaw((short) (to > from ? sum / (to - from) : 0));
        }
        Files.write(file, ulaw); // raw: SIPp's rtp_stream would play a WAV header as audio
        Files.delete(raw);
        return out / 8;
    }

    private static byte ulaw(short sample) {
        int s = sample;
        int sign = (s >> 8) & 0x80;
        if (sign != 0) {
            s = -s;
        }
        s = Math.min(s, 32635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        return (byte) ~(sign | (exponent << 4) | ((s >> (exponent + 3)) & 0x0F));
    }
}
