package io.provtest.call.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.call.JsonColumns;
import io.provtest.call.engine.EngineExecutors;
import io.provtest.call.engine.PacedPurge;
import io.provtest.common.db.Db;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Recordings in PostgreSQL (table {@code call_recording}), so that every replica serves every call's recording
 * without a shared volume. The audio is stored as received (G.711, one byte per sample) and served as a 16-bit PCM
 * WAV built on the fly: bytes {@code [from, to)} of the WAV map to samples, so a range request reads only its slice
 * of the column ({@code substring} on bytea).
 */
@Singleton
public class RecordingStore {

    private static final String T = JsonColumns.SCHEMA + ".call_recording";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Recordings whose audio one purge transaction drops: up to 2.4 MB each (5 minutes of G.711). */
    static final int PURGE_BATCH = 100;
    /**
     * Drops the audio of the oldest {@code $2} recordings made before {@code $1} that still hold it
     * (call_recording_unpurged) and clears their calls' {@code recording_bytes}, in one statement (one transaction,
     * one round trip); answers how many recordings it purged. The second update runs though nothing reads it:
     * PostgreSQL executes every data-modifying CTE to completion.
     */
    private static final String PURGE_AUDIO = "with purged as (update " + T + " set audio = null, tm_purged = now()"
            + " where audio is not null and call_id in (select call_id from " + T
            + " where audio is not null and tm_create < $1 order by tm_create limit $2) returning call_id),"
            + " cleared as (update " + JsonColumns.SCHEMA + ".call set recording_bytes = null"
            + " where id in (select call_id from purged))"
            + " select count(*) from purged";

    private final Pool pool;
    private final RecordingConfig config;
    private final EngineExecutors executors;

    public RecordingStore(Pool pool, RecordingConfig config, EngineExecutors executors) {
        this.pool = pool;
        this.config = config;
        this.executors = executors;
    }

    void onStart(@Observes StartupEvent event) {
        executors.housekeeping("recording purge", config.purgeInterval(),
                () -> purge(OffsetDateTime.now(ZoneOffset.UTC).minus(config.retention())));
    }

    /** A recorder of the configured length, or null when recording is off. */
    public CallRecorder newRecorder() {
        return config.enabled() ? new CallRecorder((int) Math.min(Integer.MAX_VALUE / 4,
                config.maxDuration().toSeconds() * 8000)) : null;
    }

    /**
     * Analyses and stores a finished call's recording and its WAV size on the call; returns the analysis, or null when
     * the far end sent nothing at all (nothing is written then: the report reads "no packet" from the call's RTP
     * counters, and calls under load that carry no media cost no extra write).
     */
    public RecordingAnalysis save(UUID callId, CallRecorder recorder) {
        CallRecorder.Snapshot s = recorder.snapshot();
        if (s.earlyPackets() + s.answeredPackets() == 0 && !s.earlySdp()) {
            return null;
        }
        RecordingAnalysis analysis = RecordingAnalysis.of(s, config.speech());
        Integer wavBytes = s.audio().length == 0 ? null : Wav.PCM_HEADER_BYTES + 2 * s.audio().length;
        JsonObject json = new JsonObject(Json.tree(analysis).toString());
        pool.withTransaction(c -> c.preparedQuery("insert into " + T + " (call_id, payload_type, audio, audio_bytes,"
                        + " early_bytes, truncated, analysis, tm_create) values ($1, $2, $3, $4, $5, $6, $7, $8)"
                        + " on conflict (call_id) do nothing")
                .execute(Tuple.from(new Object[] {callId, s.payloadType(), io.vertx.core.buffer.Buffer.buffer(s.audio()), s.audio().length,
                        s.earlyBytes(), s.truncated(), json, OffsetDateTime.now(ZoneOffset.UTC)}))
                .chain(() -> c.preparedQuery("update " + JsonColumns.SCHEMA + ".call set recording_bytes = $2"
                        + " where id = $1").execute(Tuple.tuple().addUUID(callId).addInteger(wavBytes))))
                .await().atMost(TIMEOUT);
        return analysis;
    }

    /** The stored analyses of these calls, by call id (a call not recorded is absent), in one statement. */
    public Uni<Map<UUID, JsonNode>> analyses(Collection<UUID> callIds) {
        return pool.preparedQuery("select call_id, cast(analysis as text) from " + T + " where call_id = any($1)")
                .execute(Tuple.of(callIds.toArray(new UUID[0]))).map(rows -> {
                    Map<UUID, JsonNode> byCall = new HashMap<>();
                    for (Row row : rows) {
                        byCall.put(row.getUUID(0), Json.parse(row.getString(1)));
                    }
                    return byCall;
                });
    }

    /** A WAV's size and one slice of it. */
    public record Slice(long size, long from, byte[] bytes) {
    }

    /**
     * Bytes {@code [from, from + length)} of the call's recording as a 16-bit PCM 8 kHz WAV (clipped to its size).
     * 404 RECORDING_NOT_FOUND when there is no audio (not recorded, nothing received, or purged).
     */
    public Slice wav(UUID callId, long from, int length) {
        // on a request's path: a database out of reach is a typed 503 (Db.awaitStatement), not a 500
        RowIterator<Row> meta = Db.awaitStatement(pool.preparedQuery("select payload_type, audio_bytes from " + T
                + " where call_id = $1 and audio is not null and audio_bytes > 0")
                .execute(Tuple.of(callId)), TIMEOUT).iterator();
        if (!meta.hasNext()) {
            throw ServiceException.notFound("RECORDING_NOT_FOUND", "The call has no recording (it was not recorded,"
                    + " no audio came from the far end, or it was purged after the retention period).");
        }
        Row row = meta.next();
        int payloadType = row.getInteger("payload_type");
        int samples = row.getInteger("audio_bytes");
        long size = Wav.PCM_HEADER_BYTES + 2L * samples;
        long start = Math.max(0, Math.min(from, size));
        long end = Math.min(size, start + Math.max(0, length));
        byte[] out = new byte[(int) (end - start)];
        byte[] header = Wav.pcmHeader(samples);
        int filled = 0;
        for (long i = start; i < Math.min(end, header.length); i++) {
            out[filled++] = header[(int) i];
        }
        if (end > header.length) {
            long firstSample = (Math.max(start, header.length) - header.length) / 2;
            long lastSample = (end - header.length - 1) / 2;
            byte[] g711 = Db.awaitStatement(pool.preparedQuery("select substring(audio from $2 for $3) as part from "
                            + T + " where call_id = $1")
                    .execute(Tuple.of(callId, (int) firstSample + 1, (int) (lastSample - firstSample + 1))), TIMEOUT)
                    .iterator().next().getBuffer("part").getBytes();
            for (int k = 0; k < g711.length; k++) {
                short v = G711.decode(g711[k], payloadType);
                long at = header.length + 2 * (firstSample + k);
                if (at >= start && at < end) {
                    out[(int) (at - start)] = (byte) v;
                }
                if (at + 1 >= start && at + 1 < end) {
                    out[(int) (at + 1 - start)] = (byte) (v >> 8);
                }
            }
        }
        return new Slice(size, start, out);
    }

    /**
     * Drops the audio of recordings older than {@code before}, oldest first, {@link #PURGE_BATCH} per transaction
     * ({@link PacedPurge}: a purge after a busy week is gigabytes of audio, which one statement deleted at once);
     * their analysis stays. Returns how many.
     */
    public long purge(OffsetDateTime before) {
        Tuple args = Tuple.of(before, PURGE_BATCH);
        return PacedPurge.run("recordings' audio older than " + before, () -> {
            long purged = pool.preparedQuery(PURGE_AUDIO).execute(args).await().atMost(TIMEOUT)
                    .iterator().next().getLong(0);
            return new PacedPurge.Deleted(purged, purged == PURGE_BATCH);
        });
    }
}
