package io.provtest.call.sip;

import io.provtest.common.address.HostPort;
import io.provtest.common.sip.Codec;
import java.util.ArrayList;
import java.util.List;

/** The SDP we offer and what we read back from an answer: audio only, G.711. */
public final class Sdp {

    private Sdp() {
    }

    /**
     * Where the far end wants media and which payload type it chose (its first listed), as written: {@link #fault}
     * says whether it can be used.
     *
     * @param address the audio stream's connection address (its own c=, else the session's), null when none
     * @param port    the m=audio port; -1 when it is not a number
     */
    public record Answer(String address, int port, int payloadType) {
    }

    private static final int MAX_PORT = 65535;

    public static int payloadType(String codec) {
        return Codec.named(codec).orElseThrow(() -> new IllegalArgumentException("unsupported codec " + codec))
                .payloadType();
    }

    /** Codecs as stored on a provider ("PCMU,PCMA"); empty means the default PCMU then PCMA. */
    public static List<String> codecs(String stored) {
        if (stored == null || stored.isBlank()) {
            return Codec.names();
        }
        List<String> codecs = new ArrayList<>();
        for (String codec : stored.split(",")) {
            codecs.add(codec.trim().toUpperCase());
        }
        return List.copyOf(codecs);
    }

    public static String offer(String host, int port, List<String> codecs, long sessionId) {
        StringBuilder payloads = new StringBuilder();
        StringBuilder maps = new StringBuilder();
        for (String codec : codecs) {
            int pt = payloadType(codec);
            payloads.append(' ').append(pt);
            maps.append("a=rtpmap:").append(pt).append(' ').append(codec).append("/8000\r\n");
        }
        String ipVersion = host.contains(":") ? "IP6" : "IP4";
        return "v=0\r\n"
                + "o=provtest " + sessionId + " " + sessionId + " IN " + ipVersion + " " + host + "\r\n"
                + "s=provtest\r\n"
                + "c=IN " + ipVersion + " " + host + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP" + payloads + "\r\n"
                + maps
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n";
    }

    /** Null when the body has no audio stream (no m=audio line); check the answer with {@link #fault}. */
    public static Answer parseAnswer(String body) {
        if (body == null) {
            return null;
        }
        String sessionAddress = null;
        String mediaAddress = null;
        int port = -1;
        int payloadType = -1;
        boolean inAudio = false;
        boolean audio = false;
        for (String raw : body.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                inAudio = line.startsWith("m=audio ");
                if (inAudio && !audio) {
                    audio = true;
                    String[] parts = line.substring(2).split(" ");
                    if (parts.length >= 4) {
                        port = parseInt(parts[1]);
                        payloadType = parseInt(parts[3]);
                    }
                }
            } else if (line.startsWith("c=")) {
                String[] parts = line.substring(2).split(" ");
                if (parts.length >= 3) {
                    if (inAudio) {
                        mediaAddress = parts[2];
                    } else if (!audio) {
                        sessionAddress = parts[2];
                    }
                }
            }
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        return audio ? new Answer(address, port, payloadType) : null;
    }

    /**
     * Why an answer's audio stream cannot carry the call, as a hangup cause for operators (null: it can, subject
     * to its address resolving). Our offer has one stream, audio, so its rejection (port 0, RFC 3264 6) leaves the
     * call without media as surely as a port beyond 65535 or an address we cannot send to (none, malformed, or the
     * unspecified 0.0.0.0 / ::, which some gateways write to mean "hold" or "not yet"). An answered call without
     * media would hold its slot in silence until the maximum duration. The carrier's address is not quoted: hangup
     * causes reach customers, and a provider's addresses are for super-admins.
     */
    public static String fault(Answer answer) {
        if (answer.port() == 0) {
            return "The carrier's answer rejected the audio stream (m=audio port 0): the call has no media.";
        }
        if (answer.port() < 0 || answer.port() > MAX_PORT) {
            return "The carrier's answer gave an invalid media port"
                    + (answer.port() < 0 ? "" : " (" + answer.port() + ")") + ": the call has no media.";
        }
        if (answer.address() == null) {
            return "The carrier's answer has no connection address (c=) for its audio stream: the call has no media.";
        }
        HostPort host;
        try {
            host = HostPort.parse(answer.address().contains(":") ? "[" + answer.address() + "]" : answer.address());
        } catch (IllegalArgumentException e) {
            return "The carrier's answer gave a malformed connection address: the call has no media.";
        }
        if (host.isLiteral() && host.literal().isAnyLocalAddress()) {
            return "The carrier's answer gave the unspecified connection address (0.0.0.0 or ::), so there is no "
                    + "place to send the audio: the call has no media.";
        }
        return null;
    }

    /** The cause for an answer whose connection address is a name that does not resolve. */
    public static final String UNRESOLVABLE = "The carrier's answer gave a connection address that does not resolve:"
            + " the call has no media.";

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text.split("/")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
