package io.provtest.call.media;

import java.nio.ByteBuffer;
import java.util.UUID;

/** For tests outside this package: a stored recording of silence (PCMU), as a call that received it leaves. */
public final class Recordings {

    private Recordings() {
    }

    /** {@code packets} RTP packets of 160 samples each, stored as the call's recording. */
    public static void storeSilence(RecordingStore store, UUID callId, int packets) {
        CallRecorder recorder = store.newRecorder();
        for (int n = 0; n < packets; n++) {
            ByteBuffer packet = ByteBuffer.allocate(172);
            packet.put(0, (byte) 0x80).put(1, (byte) 0);
            for (int i = 0; i < 160; i++) {
                packet.put(12 + i, (byte) 0xFF);
            }
            recorder.onPacket(packet);
        }
        store.save(callId, recorder);
    }
}
