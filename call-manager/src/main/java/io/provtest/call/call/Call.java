package io.provtest.call.call;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.model.Address;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An outbound call. Besides the reference fields it keeps what an operator needs to see why it ended: the
 * provider's final response as sent ({@code sip_status_code}, {@code sip_reason}), the provider actually used, the
 * SIP Call-ID, a {@code hangup_cause} when no response explains it, RTP counters ({@code rtp_stats}) and the size of
 * the recording of the far end's audio ({@code recording_bytes}: the WAV served, null when there is none).
 */
public record Call(UUID id, UUID customerId, UUID flowId, UUID activeflowId, String type, UUID masterCallId,
                   UUID groupcallId, Address source, Address destination, CallStatus status,
                   Map<String, Object> metadata, JsonNode action, String direction, String hangupBy,
                   String hangupReason, String hangupCause, UUID dialrouteId, UUID providerId, String sipCallId,
                   Integer sipStatusCode, String sipReason, JsonNode rtpStats, Integer recordingBytes,
                   Instant tmRinging, Instant tmProgressing, Instant tmHangup,
                   Instant tmCreate, Instant tmUpdate, Instant tmDelete,
                   @JsonIgnore String anonymous, @JsonIgnore List<Dialroute> dialroutes,
                   @JsonIgnore String ownerInstance) {

    public static final String TYPE_FLOW = "flow";
    public static final String OUTGOING = "outgoing";

    /** The part of a dialroute the dialer needs. */
    public record Dialroute(UUID id, UUID providerId) {
    }
}
