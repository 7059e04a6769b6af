package io.provtest.call.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Slow work off the lanes: whatever it throws comes back to the call, so the call never waits for ever. */
class EngineExecutorsTest {

    @Test
    void anErrorOfMediaWorkReachesTheCallsLane() throws Exception {
        EngineExecutors executors = new EngineExecutors(1, 1);
        try {
            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            SerialExecutor lane = executors.newCallLane("req_test", failed::complete);
            executors.<short[]>offLane(() -> {
                throw new OutOfMemoryError("Java heap space");
            }, lane, samples -> failed.complete(null), failed::complete);
            assertTrue(failed.get(2, TimeUnit.SECONDS) instanceof OutOfMemoryError);
        } finally {
            executors.onStop(null);
        }
    }
}
