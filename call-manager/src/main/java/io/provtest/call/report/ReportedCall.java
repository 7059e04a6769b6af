package io.provtest.call.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.call.CallStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * The part of a call's row a report reads: how far it got and how it ended ({@link ReportReads}); {@code sipCallId}
 * is empty until an INVITE was built, which tells a call that never sent one once its trace is gone.
 */
public record ReportedCall(UUID id, CallStatus status, String hangupReason, String hangupCause, Integer sipStatusCode,
                           String sipReason, JsonNode rtpStats, Integer recordingBytes, Instant tmRinging,
                           Instant tmProgressing, Instant tmHangup, String sipCallId, Instant tmCreate) {
}
