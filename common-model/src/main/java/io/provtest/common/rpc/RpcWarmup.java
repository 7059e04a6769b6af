package io.provtest.common.rpc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a service's request path a few thousand times before it serves, so that its first minute of real requests
 * meets compiled code. A fresh system refused a third of the provider calls of its first 10 s at 20/s (bench/README.md,
 * "The cold first seconds, measured"): the RPC envelope, the JSON of each body, the handlers, the reactive database
 * client and the broker's client ran interpreted while the JIT compiled them, on the cores the requests needed.
 *
 * <p>The requests are the routes' own {@link WarmupRequest}s, sent round the list through this service's RPC client
 * to a queue of its own that the server consumes like its request queue (AmqpRpcServer): the whole path of a real
 * request, publish and reply included, but every request is refused without a trace (an unknown id, a body that
 * fails its checks). An answer other than the expected refusal stops the warm-up at once: nothing more is sent.
 */
public final class RpcWarmup {

    /** Requests in flight at once: enough to keep the workers busy, fewer than the pool so none waits long. */
    static final int IN_FLIGHT = 8;

    /**
     * What a warm-up did: requests asked, sent, answered with the expected refusal, the first other answer
     * ({@code route: status reason}, null when none), when it began and how long it took.
     */
    public record Outcome(int asked, int sent, int refusedAsExpected, String unexpected, Instant startedAt,
                          long millis) {

        /** Every request sent and answered with its refusal. */
        public boolean complete() {
            return unexpected == null && refusedAsExpected == asked;
        }
    }

    private final RpcClient client;
    private final String loopService;
    private final List<WarmupRequest> requests;

    /** {@code loopService}: the name whose {@code .request} queue this service's server consumes for the warm-up. */
    public RpcWarmup(RpcClient client, String loopService, List<WarmupRequest> requests) {
        this.client = client;
        this.loopService = loopService;
        this.requests = List.copyOf(requests);
    }

    /** Sends {@code count} requests (none when the list is empty), and returns by the timeout whatever is left. */
    public Outcome run(int count, Duration timeout) throws InterruptedException {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int asked = requests.isEmpty() ? 0 : Math.max(0, count);
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<String> unexpected = new AtomicReference<>();
        int sent = 0;
        for (int i = 0; i < asked && unexpected.get() == null; i++) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            if (unexpected.get() != null) {
                inFlight.release();
                break;
            }
            WarmupRequest request = requests.get(i % requests.size());
            UUID id = UUID.randomUUID();
            CompletableFuture<RpcResponse> answer;
            try {
                answer = client.send(loopService, request.method(), request.uri().apply(id), request.data().apply(id),
                        Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), left)));
            } catch (RuntimeException e) {
                unexpected.compareAndSet(null, request.describe() + ": not sent (" + e.getMessage() + ")");
                inFlight.release();
                break;
            }
            sent++;
            answer.whenComplete((response, error) -> {
                String problem = problem(request, response, error);
                if (problem == null) {
                    refused.incrementAndGet();
                } else {
                    unexpected.compareAndSet(null, problem);
                }
                inFlight.release();
            });
        }
        // the answers still out, until the deadline
        long left = deadline - System.nanoTime();
        if (left > 0 && inFlight.tryAcquire(IN_FLIGHT, left, TimeUnit.NANOSECONDS)) {
            inFlight.release(IN_FLIGHT);
        }
        return new Outcome(asked, sent, refused.get(), unexpected.get(), startedAt,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** Null when the answer is the request's expected refusal; else what came instead, for the log. */
    static String problem(WarmupRequest request, RpcResponse response, Throwable error) {
        if (error != null) {
            return request.describe() + ": " + error.getClass().getSimpleName() + " " + error.getMessage();
        }
        if (response.error() != null && request.expected().equals(response.error().reason())) {
            return null;
        }
        return request.describe() + ": " + response.statusCode() + " "
                + (response.error() == null ? "(no error)" : response.error().reason());
    }
}
