package io.provtest.call.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** One call's RTP socket and its receive statistics (updated by the receiver thread only). */
public final class RtpSession {

    private final DatagramChannel channel;
    private final int port;
    private volatile InetSocketAddress remote;
    private long received;
    private long packetsSent;
    private int firstSeq = -1;
    private int maxSeq;
    private long cycles;
    private double jitter;
    private long lastTransit = Long.MIN_VALUE;
    private volatile CallRecorder recorder;

    RtpSession(DatagramChannel channel, int port) {
        this.channel = channel;
        this.port = port;
    }

    public int port() {
        return port;
    }

    DatagramChannel channel() {
        return channel;
    }

    public void remote(InetSocketAddress address) {
        this.remote = address;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** From now on the far end's audio is also kept by {@code recorder} (early media included). */
    public void record(CallRecorder recorder) {
        this.recorder = recorder;
    }

    public CallRecorder recorder() {
        return recorder;
    }

    /** Sends one RTP packet to the far end's address from the SDP answer. */
    public void send(ByteBuffer packet) throws IOException {
        InetSocketAddress target = remote;
        if (target != null) {
            channel.send(packet, target);
            synchronized (this) {
                packetsSent++;
            }
        }
    }

    synchronized void onPacket(ByteBuffer packet, long arrivalMillis) {
        if (packet.remaining() < 12 || (packet.get(0) & 0xC0) != 0x80) {
            return; // not RTP version 2
        }
        int seq = packet.getShort(2) & 0xFFFF;
        long timestamp = packet.getInt(4) & 0xFFFFFFFFL;
        received++;
        if (firstSeq < 0) {
            firstSeq = seq;
            maxSeq = seq;
        } else if (seq > maxSeq || maxSeq - seq > 0x8000) {
            if (seq < maxSeq) {
                cycles += 0x10000;
            }
            maxSeq = seq;
        }
        long transit = arrivalMillis * 8 - timestamp;
        if (lastTransit != Long.MIN_VALUE) {
            long d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        CallRecorder keep = recorder;
        if (keep != null) {
            keep.onPacket(packet);
        }
    }

    public synchronized RtpStats stats() {
        long expected = firstSeq < 0 ? 0 : cycles + maxSeq - firstSeq + 1;
        return new RtpStats(received, Math.max(0, expected - received), jitter / 8.0, packetsSent,
                remote == null ? null : remote.getHostString() + ":" + remote.getPort());
    }
}
