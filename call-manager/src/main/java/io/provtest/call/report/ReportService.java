package io.provtest.call.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.call.CallStatus;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.media.RecordingStore;
import io.provtest.call.sip.SipMessageRecord;
import io.provtest.call.sip.SipTraceRecorder;
import io.provtest.call.sip.TraceRetention;
import io.provtest.common.db.Db;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Builds a provider call's report from what call-manager owns: the calls' rows, their SIP traces and their
 * recordings' analyses. route-manager owns the provider call and asks here with its call and groupcall ids (the
 * groupcalls' legs are reported as calls).
 */
@Singleton
public class ReportService {

    private final ReportReads reads;
    private final SipTraceRecorder trace;
    private final RecordingStore recordings;
    private final ReportConfig thresholds;
    private final CallConfig callConfig;
    private final TraceRetention retention;

    public ReportService(ReportReads reads, SipTraceRecorder trace, RecordingStore recordings, ReportConfig thresholds,
                         CallConfig callConfig, TraceRetention retention) {
        this.retention = retention;
        this.reads = reads;
        this.trace = trace;
        this.recordings = recordings;
        this.thresholds = thresholds;
        this.callConfig = callConfig;
    }

    /**
     * The report as it stands. {@code completeOnly}: while a call or groupcall is live, an incomplete report without
     * its calls, their traces and recordings not read (route-manager asks so when it would only announce a complete
     * one; it asks once more when the last call has ended).
     */
    public ProviderCallReport report(UUID providercallId, List<UUID> callIds, List<UUID> groupcallIds,
                                     boolean completeOnly) {
        ReportReads.Calls found = Db.statements(() -> reads.calls(callIds, groupcallIds));
        // a groupcall still up may place another leg (linear ringing), so its report is not final before it ends
        boolean live = found.groupcallLive() || found.calls().stream().anyMatch(c -> c.status() != CallStatus.HANGUP);
        if (live && completeOnly) {
            return new ProviderCallReport(providercallId, false, ReportRules.INCONCLUSIVE, List.of(), List.of());
        }
        if (!live) {
            trace.flush(); // a call that just ended may still have messages on their way to the table
        }
        List<UUID> ids = found.calls().stream().map(ReportedCall::id).toList();
        Tuple2<Map<UUID, List<SipMessageRecord>>, Map<UUID, JsonNode>> media = ids.isEmpty()
                ? Tuple2.of(Map.of(), Map.of())
                : Db.statements(() -> Uni.combine().all().unis(trace.traces(ids), recordings.analyses(ids)).asTuple());
        Instant horizon = retention.horizon();
        List<CallReport> reports = new ArrayList<>();
        List<ReportRules.Judgement> judgements = new ArrayList<>();
        for (ReportedCall call : found.calls()) {
            List<SipMessageRecord> messages = media.getItem1().getOrDefault(call.id(), List.of());
            boolean purged = tracePurged(messages, call, horizon);
            TraceFacts traceFacts = purged ? TraceFacts.purged(!call.sipCallId().isEmpty()) : TraceFacts.of(messages);
            CallFacts facts = facts(call, traceFacts, media.getItem2().get(call.id()),
                    (int) callConfig.dialTimeout().toSeconds());
            ReportRules.Judgement judgement = ReportRules.judge(facts, thresholds);
            if (purged) {
                judgement = ReportRules.withPurgedTrace(judgement);
            }
            judgements.add(judgement);
            reports.add(report(call, facts, traceFacts, judgement, purged));
        }
        ReportRules.Judgement overall = ReportRules.overall(judgements);
        return new ProviderCallReport(providercallId, !live, overall.verdict(), overall.reasons(), reports);
    }

    /**
     * Pure: whether a call's trace was deleted by the retention ({@code horizon}: the time before which traces may be
     * gone, null when they are kept): the call began before the horizon and no INVITE it sent is stored (none at all,
     * or the end of a call that outlived the horizon). A call that began after it and stored no INVITE sent none.
     */
    static boolean tracePurged(List<SipMessageRecord> messages, ReportedCall call, Instant horizon) {
        return horizon != null && call.tmCreate() != null && call.tmCreate().isBefore(horizon)
                && messages.stream().noneMatch(m -> "sent".equals(m.direction()) && m.firstLine().startsWith("INVITE "));
    }

    /** Pure: the rules' input from a call's row, its trace and its recording's analysis (null: not recorded). */
    static CallFacts facts(ReportedCall call, TraceFacts t, JsonNode analysis, int dialTimeoutSeconds) {
        JsonNode rtp = call.rtpStats();
        long sent = rtp == null ? 0 : rtp.path("packets_sent").asLong();
        long received = rtp == null ? 0 : rtp.path("packets_received").asLong();
        long lost = rtp == null ? 0 : rtp.path("packets_lost").asLong();
        double jitter = rtp == null ? 0 : Math.round(rtp.path("jitter_ms").asDouble() * 100) / 100.0;
        boolean recorded = analysis != null;
        long earlyPackets = recorded ? analysis.path("early_packets").asLong() : 0;
        long answeredPackets = recorded ? analysis.path("answered_packets").asLong() : received;
        Boolean earlySpeech = recorded ? analysis.path("early").path("speech").asBoolean() : null;
        Boolean answeredSilent = recorded ? analysis.path("answered").path("silent").asBoolean() : null;
        Set<Integer> undecodable = new TreeSet<>();
        if (recorded) {
            analysis.path("other_payload_types").forEach(n -> undecodable.add(n.asInt()));
        }
        boolean answered = call.tmProgressing() != null;
        long duration = answered && call.tmHangup() != null
                ? Duration.between(call.tmProgressing(), call.tmHangup()).toMillis() : 0;
        return new CallFacts(call.status() == CallStatus.HANGUP, call.hangupReason(), call.hangupCause(),
                t.invited(), t.provisional() || call.tmRinging() != null, answered, call.sipStatusCode(),
                call.sipReason(), t.postDialDelayMs(), t.answerMs(), duration, t.answerCodec(), t.codecOffered(),
                t.offered(), sent, received, lost, jitter, answeredPackets, earlyPackets,
                recorded && analysis.path("early_sdp").asBoolean(), earlySpeech, answeredSilent, undecodable,
                dialTimeoutSeconds);
    }

    private static CallReport report(ReportedCall call, CallFacts f, TraceFacts t, ReportRules.Judgement judgement,
                                     boolean tracePurged) {
        String oneWay = null;
        if (f.answered() && f.ended()) {
            if (f.packetsSent() > 0 && f.answeredPackets() == 0) {
                oneWay = "carrier_silent";
            } else if (f.packetsSent() == 0 && f.answeredPackets() > 0) {
                oneWay = "we_sent_nothing";
            }
        }
        return new CallReport(call.id(), judgement.verdict(), judgement.reasons(), f.postDialDelayMs(), f.answerMs(),
                call.sipStatusCode(), call.sipReason(), f.codec(),
                new CallReport.Rtp(f.packetsSent(), f.packetsReceived(), f.packetsLost(), f.jitterMs(),
                        f.answeredPackets()),
                oneWay != null, new CallReport.EarlyMedia(f.earlyPackets() > 0, Boolean.TRUE.equals(f.earlySpeech()),
                        f.earlySdp(), f.earlyPackets()),
                f.durationMs(), call.status().wire(), call.hangupReason(), oneWay,
                Math.max(0, t.attempts().size() - 1), t.attempts(), call.recordingBytes(), tracePurged);
    }
}
