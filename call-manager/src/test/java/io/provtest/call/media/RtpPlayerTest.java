package io.provtest.call.media;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A playback always ends: with done, or with its failure when its send task dies. */
class RtpPlayerTest {

    @Test
    void aSendTaskThatDiesIsReportedInsteadOfNeverEnding() throws Exception {
        RtpPlayer player = new RtpPlayer();
        try {
            RtpSession broken = new RtpSession(null, 0); // no socket: the send itself throws
            broken.remote(new InetSocketAddress("127.0.0.1", 9));
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            player.play(broken, new short[1600], 0, () -> ended.complete(null), ended::complete);
            assertNotNull(ended.get(2, TimeUnit.SECONDS), "the failure, not done");
        } finally {
            player.onStop(null);
        }
    }

    @Test
    void noAudioIsDoneAtOnce() throws Exception {
        RtpPlayer player = new RtpPlayer();
        try {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            player.play(new RtpSession(null, 0), new short[0], 0, () -> done.complete(true),
                    t -> done.complete(false));
            assertTrue(done.get(2, TimeUnit.SECONDS));
        } finally {
            player.onStop(null);
        }
    }
}
