package io.provtest.common.sip;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The codecs the dialer can offer in SDP, with their static RTP payload types. The one list both the provider
 * validator (what a provider may name) and the SDP offer (what goes on the wire) read; the order is the default
 * offer order and the one named in error messages.
 */
public enum Codec {
    PCMU(0),
    PCMA(8);

    private final int payloadType;

    Codec(int payloadType) {
        this.payloadType = payloadType;
    }

    public int payloadType() {
        return payloadType;
    }

    /** The codec of this name (case-insensitive), if the dialer supports it. */
    public static Optional<Codec> named(String name) {
        return Arrays.stream(values()).filter(c -> c.name().equalsIgnoreCase(name == null ? "" : name.trim())).findFirst();
    }

    /** The codec of this static RTP payload type, if the dialer supports it. */
    public static Optional<Codec> ofPayloadType(int payloadType) {
        return Arrays.stream(values()).filter(c -> c.payloadType == payloadType).findFirst();
    }

    /** Names in offer order: {@code PCMU, PCMA}. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Codec::name).toList();
    }
}
