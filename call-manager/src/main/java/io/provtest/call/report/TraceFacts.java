package io.provtest.call.report;

import io.provtest.call.sip.SipMessageRecord;
import io.provtest.common.sip.Codec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a call's SIP trace says about timing and media negotiation, read from the stored messages (pure): the first
 * INVITE sent, the first 18x and the 2xx received (post-dial delay is INVITE → first 18x, RFC 6076's successful
 * session request delay; time to answer is INVITE → 2xx), what we offered, what the far end chose, and each
 * attempt's final response (one attempt per INVITE Call-ID: more than one means failover).
 */
public record TraceFacts(boolean invited, Long postDialDelayMs, Long answerMs, List<Integer> offeredTypes,
                         List<String> offered, Integer answerPayloadType, String answerCodec, List<Attempt> attempts) {

    /** One INVITE (one SIP Call-ID) and its final response, null when none came. */
    public record Attempt(Integer sipStatusCode, String sipReason) {
    }

    public static TraceFacts of(List<SipMessageRecord> messages) {
        Instant invite = null;
        Instant provisional = null;
        Instant answer = null;
        List<Integer> offeredTypes = new ArrayList<>();
        Map<Integer, String> offeredNames = new LinkedHashMap<>();
        Map<String, Attempt> attempts = new LinkedHashMap<>();
        String answerSdp = null;
        String earlySdp = null;
        for (SipMessageRecord m : messages) {
            boolean sent = "sent".equals(m.direction());
            String line = m.firstLine();
            if (sent && line.startsWith("INVITE ")) {
                if (invite == null) {
                    invite = m.tm();
                    String sdp = body(m.raw());
                    offeredTypes.addAll(payloadTypes(sdp));
                    offeredNames.putAll(rtpmap(sdp));
                }
                attempts.putIfAbsent(m.sipCallId(), new Attempt(null, null));
            } else if (!sent && line.startsWith("SIP/2.0 ") && cseqMethod(m.raw()).equals("INVITE")) {
                int code = code(line);
                if (code >= 180 && code < 200) {
                    if (provisional == null) {
                        provisional = m.tm();
                    }
                    String sdp = body(m.raw());
                    if (!sdp.isEmpty()) {
                        earlySdp = sdp;
                    }
                } else if (code >= 200) {
                    Attempt current = attempts.get(m.sipCallId());
                    if (current != null && current.sipStatusCode() == null) {
                        attempts.put(m.sipCallId(), new Attempt(code, reasonPhrase(line)));
                    }
                    if (code < 300 && answer == null) {
                        answer = m.tm();
                        answerSdp = body(m.raw());
                    }
                }
            }
        }
        String chosen = answerSdp != null && !answerSdp.isEmpty() ? answerSdp : earlySdp;
        List<Integer> chosenTypes = chosen == null ? List.of() : payloadTypes(chosen);
        Integer answerType = chosenTypes.isEmpty() ? null : chosenTypes.get(0);
        String answerCodec = answerType == null ? null
                : rtpmap(chosen).getOrDefault(answerType, staticName(answerType));
        List<String> offered = offeredTypes.stream().map(pt -> offeredNames.getOrDefault(pt, staticName(pt))).toList();
        return new TraceFacts(invite != null, between(invite, provisional), between(invite, answer),
                List.copyOf(offeredTypes), offered,
                answerType, answerCodec, List.copyOf(attempts.values()));
    }

    /**
     * A trace deleted after the retention period: nothing is known of it but whether an INVITE went out, which the
     * call's row says (its SIP Call-ID is set when the INVITE is built).
     */
    public static TraceFacts purged(boolean invited) {
        return new TraceFacts(invited, null, null, List.of(), List.of(), null, null, List.of());
    }

    /** True when the far end chose one of the payload types we offered (or chose nothing we could see). */
    public boolean codecOffered() {
        return answerPayloadType == null || offeredTypes.isEmpty() || offeredTypes.contains(answerPayloadType);
    }

    /** The first 18x arrived. */
    public boolean provisional() {
        return postDialDelayMs != null;
    }

    private static Long between(Instant from, Instant to) {
        return from == null || to == null ? null : Math.max(0, Duration.between(from, to).toMillis());
    }

    static String body(String raw) {
        int at = raw.indexOf("\r\n\r\n");
        int skip = 4;
        if (at < 0) {
            at = raw.indexOf("\n\n");
            skip = 2;
        }
        return at < 0 ? "" : raw.substring(at + skip).trim();
    }

    static List<Integer> payloadTypes(String sdp) {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=audio ")) {
                String[] parts = line.trim().split(" +");
                List<Integer> types = new ArrayList<>();
                for (int i = 3; i < parts.length; i++) {
                    try {
                        types.add(Integer.parseInt(parts[i]));
                    } catch (NumberFormatException ignored) {
                        // not a payload type number: skipped
                    }
                }
                return types;
            }
        }
        return List.of();
    }

    static Map<Integer, String> rtpmap(String sdp) {
        Map<Integer, String> names = new LinkedHashMap<>();
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=rtpmap:")) {
                String[] parts = line.substring(9).trim().split("[ /]");
                try {
                    names.putIfAbsent(Integer.parseInt(parts[0]), parts[1].toUpperCase());
                } catch (RuntimeException ignored) {
                    // a malformed rtpmap names nothing
                }
            }
        }
        return names;
    }

    /** A supported codec by its own name; the other static types a far end may offer, so a report names them. */
    static String staticName(int payloadType) {
        return Codec.ofPayloadType(payloadType).map(Codec::name).orElseGet(() -> switch (payloadType) {
            case 3 -> "GSM";
            case 4 -> "G723";
            case 9 -> "G722";
            case 18 -> "G729";
            default -> "PT" + payloadType;
        });
    }

    private static String cseqMethod(String raw) {
        for (String line : raw.split("\r?\n")) {
            if (line.regionMatches(true, 0, "CSeq:", 0, 5)) {
                String[] parts = line.substring(5).trim().split(" +");
                return parts.length > 1 ? parts[1].toUpperCase() : "";
            }
            if (line.isEmpty()) {
                break;
            }
        }
        return "";
    }

    private static int code(String statusLine) {
        try {
            return Integer.parseInt(statusLine.substring(8, 11));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String reasonPhrase(String statusLine) {
        return statusLine.length() > 12 ? statusLine.substring(12).trim() : "";
    }
}
