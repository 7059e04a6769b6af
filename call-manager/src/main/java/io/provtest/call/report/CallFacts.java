package io.provtest.call.report;

import java.util.List;
import java.util.Set;

/**
 * Everything the rules need to judge one call, gathered from the call's row, its SIP trace and its recording's
 * analysis. Null means "not known" (no INVITE sent, never answered, not recorded…).
 *
 * @param ended            the call is over (status hangup)
 * @param hangupReason     the call's hangup_reason (busy, noanswer, failed, dialout, cancel, normal, timeout)
 * @param hangupCause      why, when no SIP response says it
 * @param invited          at least one INVITE went out
 * @param provisional      the first 18x arrived (the destination was reached)
 * @param answered         a 2xx was kept
 * @param sipStatusCode    the final response, as sent (null: none)
 * @param postDialDelayMs  first INVITE → first 18x
 * @param answerMs         first INVITE → 2xx
 * @param codec            the payload the far end chose in its SDP (name)
 * @param codecOffered     false when the far end chose a payload type we did not offer
 * @param packetsSent      RTP packets we sent
 * @param packetsReceived  RTP packets received in all (early media included)
 * @param answeredPackets  RTP packets received after the answer (all received when not recorded)
 * @param earlyPackets     RTP packets received before the answer (0 when not recorded)
 * @param earlySpeech      the early media sounded like speech (classifier); null when not recorded
 * @param answeredSilent   audio after the answer was all below the energy floor; null when not recorded
 * @param undecodable      payload types received we cannot decode (not G.711)
 */
public record CallFacts(boolean ended, String hangupReason, String hangupCause, boolean invited, boolean provisional,
                        boolean answered, Integer sipStatusCode, String sipReason, Long postDialDelayMs,
                        Long answerMs, long durationMs, String codec, boolean codecOffered, List<String> offered,
                        long packetsSent, long packetsReceived, long packetsLost, double jitterMs,
                        long answeredPackets, long earlyPackets, boolean earlySdp, Boolean earlySpeech,
                        Boolean answeredSilent, Set<Integer> undecodable, int dialTimeoutSeconds) {
}
