package io.provtest.call.sip;

import io.provtest.common.sip.Codec;
import java.util.ArrayList;
import java.util.List;

/** The SDP we offer and what we read back from an answer: audio only, G.711. */
public final class Sdp {

    private Sdp() {
    }

    /** Where the far end wants media and which payload type it chose (its first listed). */
    public record Answer(String address, int port, int payloadType) {
    }

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

    /** Null when the body has no usable audio stream (no c= or m=audio line). */
    public static Answer parseAnswer(String body) {
        if (body == null) {
            return null;
        }
        String sessionAddress = null;
        String mediaAddress = null;
        int port = -1;
        int payloadType = -1;
        boolean inAudio = false;
        for (String raw : body.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                inAudio = line.startsWith("m=audio ");
                if (inAudio && port < 0) {
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
                    } else if (port < 0) {
                        sessionAddress = parts[2];
                    }
                }
            }
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        return address == null || port <= 0 ? null : new Answer(address, port, payloadType);
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text.split("/")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
