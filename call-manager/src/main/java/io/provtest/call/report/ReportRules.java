package io.provtest.call.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict rules of the test-call report, as pure functions. {@code passed}: answered with audio both ways;
 * {@code failed}: rejected, busy, no response, no answer, no audio from the carrier or a codec we did not offer;
 * {@code inconclusive}: everything else (we cancelled it, it failed on our side, we sent no audio, it is still
 * running). Warnings (loss, jitter, post-dial delay, an early-media announcement) add reasons without changing the
 * verdict; a rejection's announcement comes right after the rejection, since it often says why.
 */
public final class ReportRules {

    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String INCONCLUSIVE = "inconclusive";

    public static final String ANSWERED_WITH_AUDIO = "ANSWERED_WITH_AUDIO";
    public static final String NO_AUDIO_FROM_CARRIER = "NO_AUDIO_FROM_CARRIER";
    public static final String SILENT_AUDIO_FROM_CARRIER = "SILENT_AUDIO_FROM_CARRIER";
    public static final String NO_AUDIO_SENT = "NO_AUDIO_SENT";
    public static final String CODEC_NOT_OFFERED = "CODEC_NOT_OFFERED";
    public static final String REJECTED = "REJECTED";
    public static final String BUSY = "BUSY";
    public static final String NO_RESPONSE = "NO_RESPONSE";
    public static final String NO_ANSWER = "NO_ANSWER";
    public static final String EARLY_MEDIA_ANNOUNCEMENT = "EARLY_MEDIA_ANNOUNCEMENT";
    public static final String CANCELLED = "CANCELLED";
    public static final String LOCAL_FAILURE = "LOCAL_FAILURE";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String HIGH_PACKET_LOSS = "HIGH_PACKET_LOSS";
    public static final String HIGH_JITTER = "HIGH_JITTER";
    public static final String HIGH_POST_DIAL_DELAY = "HIGH_POST_DIAL_DELAY";
    public static final String NO_CALLS = "NO_CALLS";
    public static final String TRACE_PURGED = "TRACE_PURGED";

    private ReportRules() {
    }

    /** A verdict and the reasons for it, the deciding one first. */
    public record Judgement(String verdict, List<Reason> reasons) {
    }

    public static Judgement judge(CallFacts f, ReportConfig t) {
        List<Reason> reasons = new ArrayList<>();
        String verdict;
        if (!f.ended()) {
            verdict = INCONCLUSIVE;
            reasons.add(Reason.of(IN_PROGRESS, "The call has not ended yet: this report is not final."));
        } else if (f.answered()) {
            verdict = answered(f, reasons);
        } else {
            verdict = unanswered(f, reasons);
        }
        if (Boolean.TRUE.equals(f.earlySpeech())) {
            reasons.add(Math.min(reasons.size(), 1), Reason.of(EARLY_MEDIA_ANNOUNCEMENT, "The carrier played what sounds"
                    + " like a spoken announcement before " + (f.answered() ? "answering" : "its final response")
                    + ": listen to the call's recording, it often gives the real reason."));
        }
        warnings(f, t, reasons);
        return new Judgement(verdict, List.copyOf(reasons));
    }

    private static String answered(CallFacts f, List<Reason> reasons) {
        if (!f.codecOffered()) {
            reasons.add(Reason.of(CODEC_NOT_OFFERED, "The carrier answered with " + f.codec() + ", which we did not"
                    + " offer (we offered " + String.join(", ", f.offered()) + "): check the codecs configured on"
                    + " both sides."));
            return FAILED;
        }
        if (f.answeredPackets() == 0) {
            reasons.add(Reason.of(NO_AUDIO_FROM_CARRIER, "The carrier answered but sent no audio"
                    + (f.packetsSent() > 0 ? " while we sent " + f.packetsSent() + " packets" : "")
                    + ": check its media IPs or NAT (the address in its SDP must send RTP to ours)."));
            return FAILED;
        }
        if (!f.undecodable().isEmpty() && Boolean.TRUE.equals(f.answeredSilent())) {
            reasons.add(Reason.of(CODEC_NOT_OFFERED, "The carrier sent RTP with payload type(s) " + f.undecodable()
                    + ", which we did not offer: check the codecs configured on both sides."));
            return FAILED;
        }
        if (f.packetsSent() == 0) {
            reasons.add(Reason.of(NO_AUDIO_SENT, "The carrier answered and sent audio, but we sent none (the flow"
                    + " played nothing), so only one direction was tested: add a talk or play action."));
            return INCONCLUSIVE;
        }
        if (Boolean.TRUE.equals(f.answeredSilent())) {
            reasons.add(Reason.of(SILENT_AUDIO_FROM_CARRIER, "The carrier answered and sent RTP, but it was silent"
                    + " throughout: the media path works, whether anyone hears us cannot be told."));
            return INCONCLUSIVE;
        }
        reasons.add(Reason.of(ANSWERED_WITH_AUDIO, "The carrier answered and audio flowed both ways ("
                + f.packetsSent() + " packets sent, " + f.answeredPackets() + " received after the answer)."));
        return PASSED;
    }

    private static String unanswered(CallFacts f, List<Reason> reasons) {
        Integer code = f.sipStatusCode();
        String reason = f.sipReason() == null || f.sipReason().isEmpty() ? "" : " " + f.sipReason();
        if ("cancel".equals(f.hangupReason())) {
            reasons.add(Reason.of(CANCELLED, "We cancelled the call before it was answered: nothing can be concluded"
                    + " about the carrier."));
            return INCONCLUSIVE;
        }
        if (!f.invited()) {
            reasons.add(Reason.of(LOCAL_FAILURE, "The call failed on our side before an INVITE left"
                    + (f.hangupCause() == null || f.hangupCause().isEmpty() ? "." : ": " + f.hangupCause())));
            return INCONCLUSIVE;
        }
        if (code != null && (code == 486 || code == 600)) {
            reasons.add(new Reason(BUSY, "The destination was busy (" + code + reason + ").", code));
            return FAILED;
        }
        if ("dialout".equals(f.hangupReason()) && code == null && !f.provisional()) {
            reasons.add(Reason.of(NO_RESPONSE, "The carrier did not respond to the INVITE at all: check its hostname,"
                    + " port, transport and firewall."));
            return FAILED;
        }
        if ("dialout".equals(f.hangupReason()) || (code != null && (code == 480 || code == 408))) {
            reasons.add(new Reason(NO_ANSWER, "The destination was reached but nobody answered"
                    + (code == null || "dialout".equals(f.hangupReason())
                    ? " within the dial timeout of " + f.dialTimeoutSeconds() + " s." : " (" + code + reason + ")."),
                    code));
            return FAILED;
        }
        if (code != null && code >= 300) {
            reasons.add(new Reason(REJECTED, "The carrier rejected the call with " + code + reason + ".", code));
            return FAILED;
        }
        reasons.add(Reason.of(LOCAL_FAILURE, "The call ended before an answer without a final response"
                + (f.hangupCause() == null || f.hangupCause().isEmpty() ? "." : ": " + f.hangupCause())));
        return INCONCLUSIVE;
    }

    private static void warnings(CallFacts f, ReportConfig t, List<Reason> reasons) {
        long expected = f.packetsReceived() + f.packetsLost();
        if (expected > 0 && 100.0 * f.packetsLost() / expected > t.highLossPercent()) {
            reasons.add(Reason.of(HIGH_PACKET_LOSS, String.format("%.1f %% of the carrier's packets were lost (more"
                    + " than %.1f %%).", 100.0 * f.packetsLost() / expected, t.highLossPercent())));
        }
        if (f.packetsReceived() > 1 && f.jitterMs() > t.highJitterMs()) {
            reasons.add(Reason.of(HIGH_JITTER, String.format("The carrier's audio had %.1f ms of jitter (more than"
                    + " %.1f ms).", f.jitterMs(), t.highJitterMs())));
        }
        if (f.postDialDelayMs() != null && f.postDialDelayMs() > t.highPostDialDelayMs()) {
            reasons.add(Reason.of(HIGH_POST_DIAL_DELAY, "The first provisional response came " + f.postDialDelayMs()
                    + " ms after the INVITE (more than " + t.highPostDialDelayMs() + " ms)."));
        }
    }

    /**
     * A call whose SIP trace was deleted (sip.trace.retention) is judged from its row alone: the verdict stands, and a
     * last reason says why timings, the codec and the attempts are missing.
     */
    public static Judgement withPurgedTrace(Judgement judgement) {
        List<Reason> reasons = new ArrayList<>(judgement.reasons());
        reasons.add(Reason.of(TRACE_PURGED, "The call's SIP messages were deleted after the retention period: timings,"
                + " the codec and the attempts are not known, the verdict comes from the call's record."));
        return new Judgement(judgement.verdict(), List.copyOf(reasons));
    }

    /**
     * The provider call's verdict from its calls': failed when any call failed, passed when every call passed,
     * inconclusive otherwise (also with no call at all). Its reasons are the deciding calls' reasons, once per code.
     */
    public static Judgement overall(List<Judgement> calls) {
        if (calls.isEmpty()) {
            return new Judgement(INCONCLUSIVE, List.of(Reason.of(NO_CALLS,
                    "The provider call placed no call: see its outcomes for why.")));
        }
        String verdict = calls.stream().anyMatch(c -> FAILED.equals(c.verdict())) ? FAILED
                : calls.stream().allMatch(c -> PASSED.equals(c.verdict())) ? PASSED : INCONCLUSIVE;
        Map<String, Reason> reasons = new LinkedHashMap<>();
        for (Judgement call : calls) {
            if (call.verdict().equals(verdict)) {
                call.reasons().forEach(r -> reasons.putIfAbsent(r.code(), r));
            }
        }
        return new Judgement(verdict, List.copyOf(reasons.values()));
    }
}
