package io.provtest.route.rpc;

import io.provtest.common.error.ApiError;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only routes: a handler with a bug, to prove the consumer survives it, a slow route on the bounded
 * orchestration pool, to fill it, and a slow gated route whose gate the test closes.
 */
@Singleton
public class FaultyRoutes implements RpcRoutes {

    /** Closed: the gated route is refused at the door as busy. */
    static final AtomicBoolean GATE_CLOSED = new AtomicBoolean();
    /** How many gated requests reached their handler. */
    static final AtomicInteger GATED_HANDLED = new AtomicInteger();

    @Override
    public void register(RpcRouter router) {
        router.get("/v1/test/boom", call -> {
            throw new IllegalStateException("a bug in a handler");
        });
        router.post("/v1/test/slow-orchestration", call -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RpcResponse.ok("done");
        }).waitingOnOthers();
        router.post("/v1/test/gated", call -> {
            GATED_HANDLED.incrementAndGet();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return RpcResponse.ok("done");
        }).waitingOnOthers().gatedBy(() -> GATE_CLOSED.get()
                ? ApiError.retryLater(ErrorStatus.UNAVAILABLE, "SERVICE_BUSY", "closed for the test", 1) : null);
    }
}
