package io.provtest.call.media;

import io.provtest.common.sip.Codec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The audio one call receives from the far end, early media included, kept as the G.711 it arrived in (the codec of
 * the first G.711 packet; a packet in the other G.711 law is converted to it). Bounded: beyond {@code maxBytes}
 * (8000 bytes per second) nothing more is kept and the recording is marked truncated. Packets of a payload type we
 * cannot decode are counted, not kept: the report names them. Written by the RTP receiver thread, read once at the
 * end by the call's lane, hence synchronized.
 */
public final class CallRecorder {

    private static final byte[] NONE = new byte[0];
    /** A second of G.711: the first allocation, doubled as the audio grows. */
    private static final int FIRST_ALLOCATION = 8000;

    private final int maxBytes;
    /** Made at the first G.711 byte: most test calls' carriers send none, or too little to need a second second. */
    private byte[] audio = NONE;
    private int size;
    private int payloadType = -1;
    private int earlyBytes = -1;
    private long earlyPackets = -1;
    private long packets;
    private boolean truncated;
    private boolean earlySdp;
    private final Set<Integer> otherPayloadTypes = new TreeSet<>();

    public CallRecorder(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** What was received, split at the answer (everything is early when the call was never answered). */
    public record Snapshot(int payloadType, byte[] audio, int earlyBytes, long earlyPackets, long answeredPackets,
                           boolean truncated, boolean earlySdp, Set<Integer> otherPayloadTypes) {
    }

    /** One RTP packet (version already checked): its payload is kept when it is G.711. */
    synchronized void onPacket(ByteBuffer packet) {
        packets++;
        int first = packet.get(0) & 0xFF;
        int pt = packet.get(1) & 0x7F;
        int header = 12 + 4 * (first & 0x0F);
        if ((first & 0x10) != 0 && packet.remaining() >= header + 4) {
            header += 4 + 4 * (packet.getShort(header + 2) & 0xFFFF);
        }
        int end = packet.remaining();
        if ((first & 0x20) != 0 && end > header) {
            end -= packet.get(end - 1) & 0xFF;
        }
        if (Codec.ofPayloadType(pt).isEmpty()) {
            if (pt != 13 && pt < 96) {
                otherPayloadTypes.add(pt); // comfort noise (13) and events (dynamic types) are not audio we missed
            }
            return;
        }
        if (payloadType < 0) {
            payloadType = pt;
        }
        for (int i = header; i < end; i++) {
            if (size >= maxBytes) {
                truncated = true;
                return;
            }
            byte b = packet.get(i);
            if (pt != payloadType) {
                b = G711.encode(G711.decode(b, pt), payloadType);
            }
            if (size == audio.length) {
                audio = Arrays.copyOf(audio, Math.min(maxBytes, Math.max(FIRST_ALLOCATION, audio.length * 2)));
            }
            audio[size++] = b;
        }
    }

    /** The far end answered: what came before was early media. */
    public synchronized void markAnswered() {
        if (earlyBytes < 0) {
            earlyBytes = size;
            earlyPackets = packets;
        }
    }

    /** A 183 carried an SDP answer: the carrier meant to send early media. */
    public synchronized void markEarlySdp() {
        earlySdp = true;
    }

    public synchronized Snapshot snapshot() {
        int early = earlyBytes < 0 ? size : earlyBytes;
        long earlyCount = earlyPackets < 0 ? packets : earlyPackets;
        return new Snapshot(payloadType, Arrays.copyOf(audio, size), early, earlyCount, packets - earlyCount,
                truncated, earlySdp, Set.copyOf(otherPayloadTypes));
    }

    /** 8 kHz linear samples of G.711 bytes. */
    public static short[] linear(byte[] g711, int payloadType) {
        short[] out = new short[g711.length];
        for (int i = 0; i < g711.length; i++) {
            out[i] = G711.decode(g711[i], payloadType);
        }
        return out;
    }
}
