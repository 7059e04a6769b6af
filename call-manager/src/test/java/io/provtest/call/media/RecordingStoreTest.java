package io.provtest.call.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ServiceException;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Recordings in the real database: stored with their analysis and the call's recording_bytes, sliced, purged. */
@QuarkusTest
@WithTestResource(InfraResource.class)
class RecordingStoreTest {

    @Inject
    RecordingStore store;

    @Inject
    DataSource dataSource;

    @Test
    void aRecordingIsStoredSlicedAsWavAndItsAudioPurgedWhileItsAnalysisStays() throws Exception {
        UUID callId = UUID.randomUUID();
        insertCall(callId);
        CallRecorder recorder = store.newRecorder();
        short[] speech = SpeechClassifierTest.speechLike(1.5);
        for (int at = 0; at + 160 <= speech.length; at += 160) {
            ByteBuffer packet = ByteBuffer.allocate(172);
            packet.put(0, (byte) 0x80).put(1, (byte) 0);
            for (int i = 0; i < 160; i++) {
                packet.put(12 + i, G711.ulaw(speech[at + i]));
            }
            recorder.onPacket(packet);
        }
        recorder.markEarlySdp();
        RecordingAnalysis analysis = store.save(callId, recorder);
        assertTrue(analysis.early().speech(), analysis.toString());
        assertEquals("PCMU", analysis.codec());

        int samples = speech.length / 160 * 160;
        long size = 44 + 2L * samples;
        assertEquals((int) size, recordingBytes(callId));
        RecordingStore.Slice whole = store.wav(callId, 0, (int) size);
        assertEquals(size, whole.size());
        assertArrayEquals(Wav.pcmHeader(samples), Arrays.copyOf(whole.bytes(), 44));
        short first = (short) ((whole.bytes()[44] & 0xFF) | (whole.bytes()[45] << 8));
        assertEquals(G711.ulawToLinear(G711.ulaw(speech[0])), first);
        RecordingStore.Slice odd = store.wav(callId, 1001, 777);
        assertArrayEquals(Arrays.copyOfRange(whole.bytes(), 1001, 1778), odd.bytes(), "a slice is the same bytes");
        assertEquals(0, store.wav(callId, size + 10, 100).bytes().length);

        assertTrue(store.purge(OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(5)) >= 1);
        ServiceException gone = assertThrows(ServiceException.class, () -> store.wav(callId, 0, 10));
        assertEquals("RECORDING_NOT_FOUND", gone.error().reason());
        assertNull(recordingBytes(callId));
        JsonNode kept = analysis(callId);
        assertNotNull(kept);
        assertTrue(kept.path("early").path("speech").asBoolean(), kept.toString());
        assertTrue(kept.path("early_sdp").asBoolean(), kept.toString());
    }

    @Test
    void aCallThatReceivedNothingWritesNoRecording() {
        UUID callId = UUID.randomUUID();
        assertNull(store.save(callId, store.newRecorder()));
        assertNull(analysis(callId));
        assertThrows(ServiceException.class, () -> store.wav(callId, 0, 10));
    }

    /** The stored analysis as the report reads it (a batch of one), or null. */
    private JsonNode analysis(UUID callId) {
        Map<UUID, JsonNode> found = store.analyses(List.of(callId)).await().atMost(Duration.ofSeconds(10));
        assertTrue(found.keySet().stream().allMatch(callId::equals), found.toString());
        return found.get(callId);
    }

    private void insertCall(UUID id) throws Exception {
        UUID nil = new UUID(0, 0);
        Sql.update(dataSource, "insert into call_manager.call (id, customer_id, flow_id, activeflow_id, type,"
                        + " master_call_id, groupcall_id, destination, status, direction, dialroute_id, provider_id,"
                        + " owner_instance, tm_create) values (?, ?, ?, ?, 'flow', ?, ?, '{}'::jsonb, 'hangup',"
                        + " 'outgoing', ?, ?, 'test', now())",
                id, UUID.randomUUID(), nil, nil, nil, nil, nil, nil);
    }

    private Integer recordingBytes(UUID id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select recording_bytes from call_manager.call where id = ?")) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                int v = r.getInt(1);
                return r.wasNull() ? null : v;
            }
        }
    }
}
