package io.provtest.call.report;

import java.util.List;
import java.util.UUID;

/**
 * One call of a provider call's report (the pinned fields first, then extras): timing from the SIP trace, the final
 * response, the codec the far end chose, RTP counters, one-way audio, early media and the call's verdict;
 * {@code tracePurged}: the SIP trace was deleted after the retention period, so the timings, codec and attempts are
 * not known.
 */
public record CallReport(UUID callId, String verdict, List<Reason> reasons, Long postDialDelayMs, Long answerMs,
                         Integer sipStatusCode, String sipReason, String codec, Rtp rtp, boolean oneWayAudio,
                         EarlyMedia earlyMedia, long durationMs, String status, String hangupReason,
                         String oneWayDirection, int failoverSteps, List<TraceFacts.Attempt> attempts,
                         Integer recordingBytes, boolean tracePurged) {

    /** {@code received} counts every packet, early media included; {@code received_after_answer} the rest. */
    public record Rtp(long sent, long received, long lost, double jitterMs, long receivedAfterAnswer) {
    }

    /** {@code present}: RTP came before the answer; {@code speech}: it sounded like speech; {@code sdp}: a 18x had SDP. */
    public record EarlyMedia(boolean present, boolean speech, boolean sdp, long packets) {
    }
}
