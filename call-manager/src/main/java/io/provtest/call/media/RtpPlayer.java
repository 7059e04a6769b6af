package io.provtest.call.media;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Streams audio to a call as RTP: 20 ms packets of 160 G.711 samples, sequence +1 and timestamp +160 per packet, a
 * random SSRC and starting points, the marker bit on the first packet. All calls share two pacing threads.
 */
@Singleton
public class RtpPlayer {

    private static final Logger LOG = Logger.getLogger(RtpPlayer.class);
    public static final int SAMPLES_PER_PACKET = 160;

    private final ScheduledExecutorService pacer;

    public RtpPlayer() {
        AtomicInteger n = new AtomicInteger();
        pacer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "rtp-pacer-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        pacer.shutdownNow();
    }

    /** A playback in progress; {@link #stop()} ends it early (the done callback does not run then). */
    public static final class Playback {
        private volatile ScheduledFuture<?> task;
        private volatile boolean stopped;

        public void stop() {
            stopped = true;
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    /**
     * Sends {@code samples} paced at 20 ms; {@code done} when all went, {@code failed} when the send task itself
     * failed (a periodic task that throws is silently never run again: the call would wait for {@code done} for
     * ever).
     */
    public Playback play(RtpSession session, short[] samples, int payloadType, Runnable done,
                         java.util.function.Consumer<Throwable> failed) {
        byte[] payload = G711.encode(samples, payloadType);
        int packets = (payload.length + SAMPLES_PER_PACKET - 1) / SAMPLES_PER_PACKET;
        int ssrc = ThreadLocalRandom.current().nextInt();
        int seqStart = ThreadLocalRandom.current().nextInt(0x10000);
        int tsStart = ThreadLocalRandom.current().nextInt();
        byte silence = G711.silence(payloadType);
        Playback playback = new Playback();
        AtomicInteger sent = new AtomicInteger();
        playback.task = pacer.scheduleAtFixedRate(() -> {
            try {
                int i = sent.getAndIncrement();
                if (playback.stopped) {
                    return;
                }
                if (i >= packets) {
                    playback.stop();
                    done.run();
                    return;
                }
                ByteBuffer packet = ByteBuffer.allocate(12 + SAMPLES_PER_PACKET);
                packet.put((byte) 0x80);
                packet.put((byte) ((i == 0 ? 0x80 : 0) | payloadType));
                packet.putShort((short) (seqStart + i));
                packet.putInt(tsStart + i * SAMPLES_PER_PACKET);
                packet.putInt(ssrc);
                int from = i * SAMPLES_PER_PACKET;
                for (int k = 0; k < SAMPLES_PER_PACKET; k++) {
                    packet.put(from + k < payload.length ? payload[from + k] : silence);
                }
                packet.flip();
                try {
                    session.send(packet);
                } catch (IOException e) {
                    LOG.debugf("RTP send on port %d: %s", session.port(), e.getMessage());
                }
            } catch (Throwable t) {
                playback.stop();
                failed.accept(t);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        if (playback.stopped) {
            // it ended on its first run, before the task was known to it (no audio at all)
            playback.task.cancel(false);
        }
        return playback;
    }
}
