package io.provtest.call.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.outbox.Outbox;
import io.provtest.common.db.Jdbc;
import io.provtest.common.time.Times;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Every change the engine makes to a call, by name. A status change is conditional on the transition table (made
 * in the database statement, so two instances or two threads cannot both win) and its event is stored in the
 * outbox in the same transaction; empty means the call was already there or further on and nothing changed.
 */
@Singleton
public class CallTransitions {

    private final CallRepository calls;
    private final Outbox outbox;
    private final Jdbc jdbc;

    public CallTransitions(CallRepository calls, Outbox outbox, DataSource dataSource) {
        this.calls = calls;
        this.outbox = outbox;
        this.jdbc = new Jdbc(dataSource);
    }

    /** How a call ended; {@code rtpStats} only for calls with rtp_debug. */
    public record Hangup(String reason, String by, String cause, Integer sipCode, String sipReason, JsonNode rtpStats) {
    }

    public Optional<Call> markRinging(UUID id, Instant at) {
        return transition(id, CallStatus.RINGING, Map.of("tm_ringing", at), "call_ringing");
    }

    public Optional<Call> markProgressing(UUID id, Instant at, int sipCode, String sipReason) {
        return transition(id, CallStatus.PROGRESSING, Map.of("tm_progressing", at, "sip_status_code", sipCode,
                "sip_reason", sipReason == null ? "" : sipReason), "call_progressing");
    }

    public Optional<Call> markCanceling(UUID id) {
        return transition(id, CallStatus.CANCELING, Map.of(), "call_canceling");
    }

    public Optional<Call> markTerminating(UUID id) {
        return transition(id, CallStatus.TERMINATING, Map.of(), "call_terminating");
    }

    public Optional<Call> markHangup(UUID id, Hangup hangup) {
        Map<String, Object> columns = new HashMap<>();
        columns.put("hangup_reason", hangup.reason());
        columns.put("hangup_by", hangup.by());
        columns.put("hangup_cause", hangup.cause() == null ? "" : hangup.cause());
        columns.put("tm_hangup", Times.now());
        if (hangup.sipCode() != null) {
            columns.put("sip_status_code", hangup.sipCode());
            columns.put("sip_reason", hangup.sipReason() == null ? "" : hangup.sipReason());
        }
        if (hangup.rtpStats() != null) {
            columns.put("rtp_stats", hangup.rtpStats());
        }
        return transition(id, CallStatus.HANGUP, columns, "call_hangup");
    }

    /**
     * An INVITE left: its Call-ID and the dialroute it went through. A failover is news for whoever follows the
     * call (call_updated); the first attempt is not (call_created said it all).
     */
    public Optional<Call> attemptStarted(UUID id, String sipCallId, UUID dialrouteId, UUID providerId,
                                         boolean failedOver) {
        Map<String, Object> columns = new HashMap<>();
        columns.put("sip_call_id", sipCallId);
        if (dialrouteId != null) {
            columns.put("dialroute_id", dialrouteId);
            columns.put("provider_id", providerId);
        }
        Jdbc.Work<Optional<Call>> update = c -> calls.updateLive(c, id, columns, Times.now());
        return failedOver ? outbox.record("call_updated", update) : jdbc.read(update);
    }

    /** A groupcall's flow starts on the leg that won. */
    public Optional<Call> flowStarted(UUID id, UUID flowId, UUID activeflowId) {
        return live(id, Map.of("flow_id", flowId, "activeflow_id", activeflowId));
    }

    public Optional<Call> actionStarted(UUID id, JsonNode action) {
        return live(id, Map.of("action", action));
    }

    /** The far end's final response, kept even when the call fails over. */
    public Optional<Call> finalResponse(UUID id, int sipCode, String sipReason) {
        return live(id, Map.of("sip_status_code", sipCode, "sip_reason", sipReason == null ? "" : sipReason));
    }

    /** Calls this instance held when it stopped: their dialogs are gone. */
    public List<Call> unfinishedOwnedBy(String instanceId) {
        return jdbc.read(c -> calls.unfinishedOwnedBy(c, instanceId));
    }

    private Optional<Call> live(UUID id, Map<String, Object> columns) {
        return jdbc.read(c -> calls.updateLive(c, id, columns, Times.now()));
    }

    private Optional<Call> transition(UUID id, CallStatus next, Map<String, Object> columns, String event) {
        Instant now = Times.now();
        return outbox.record(event, c -> calls.transition(c, id, next, columns, now));
    }
}
