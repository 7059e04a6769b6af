package io.provtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.api.RpcApis;
import io.provtest.common.api.call.CallManagerApi;
import io.provtest.common.api.call.CreateCallsRequest;
import io.provtest.common.api.route.CreateProviderRequest;
import io.provtest.common.api.route.RouteManagerApi;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.rpc.AmqpRpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.common.rpc.StandaloneRpcClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Call setups through call-manager at fixed rates, the way route-manager asks for them ({@code POST /v1/calls} on
 * the RPC backbone, forced through one provider), against a SIPp carrier that answers and hangs up 500 ms after our
 * ACK. Per rate: what was offered, accepted, refused (typed "busy") and failed; setup latency; the ACK delay from our
 * own SIP trace; the calls still up 10 s after the carrier's last BYE was due (must be 0); then SIPp UAC → SIPp UAS
 * alone at the same rate for the same time, for the ratio. Optionally a soak at a moderate rate first. Prints one
 * markdown table. Run through {@code bench/calls.sh}.
 */
public final class CallSetupBench {

    private static final int CARRIER_PORT = 5390;
    private static final int ALONE_UAS_PORT = 5420;
    private static final int ALONE_UAC_PORT = 5440;
    /** The carrier's pause between our ACK and its BYE (SIPp {@code -d}). */
    private static final long CARRIER_PAUSE_MS = 500;
    private static final long GRACE_MS = 10_000;
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(10);

    private final CallManagerApi calls;
    /** Hangups wait longer than creates: a call the carrier gave up on ends only with our BYE's own timeout. */
    private final CallManagerApi hangups;
    private final CallStore store;
    private final Path pidFile;

    private CallSetupBench(AmqpRpcClient rpc, CallStore store, Path pidFile) {
        this.calls = RpcApis.client(CallManagerApi.class, rpc, CREATE_TIMEOUT);
        this.hangups = RpcApis.client(CallManagerApi.class, rpc, Duration.ofSeconds(30));
        this.store = store;
        this.pidFile = pidFile;
    }

    record Result(String phase, int rate, int seconds, int offered, double offeredPerSecond, int accepted,
                  int refused, int failures, double setupsPerSecond, double create99, double setup50, double setup99,
                  CallStore.Acks acks, int stored, int live, int hungUpByBench, int stillUp, double alone,
                  Map<String, Integer> refusedBy, double refuse99, List<String> why) {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> rates = args.length > 0 ? Arrays.stream(args).map(Integer::parseInt).toList()
                : List.of(150, 300, 450);
        int seconds = Integer.parseInt(env("DURATION", "60"));
        int warmup = Integer.parseInt(env("WARMUP", "5"));
        int soak = Integer.parseInt(env("SOAK", "0"));
        int soakRate = Integer.parseInt(env("SOAK_RATE", "100"));
        // SIPp's output, statistics and pids; calls.sh gives a folder it removes afterwards
        String workDir = System.getenv("BENCH_WORK_DIR");
        Path work = workDir == null || workDir.isEmpty() ? Files.createTempDirectory("bench-calls-") : Path.of(workDir);
        Path pidFile = work.resolve("sipp.pids");
        AmqpRpcClient rpc = StandaloneRpcClient.connect(env("BROKER_HOST", "127.0.0.1"),
                Integer.parseInt(env("BROKER_PORT", "5673")), env("BROKER_USERNAME", "provtest"),
                required("BROKER_PASSWORD"), env("BROKER_VIRTUAL_HOST", "/"), "bench");
        // whatever ends this JVM short of SIGKILL stops the SIPp processes it started (calls.sh covers SIGKILL) and
        // deletes the bench's provider, so that no provider is left pointing at a SIPp that is gone
        AtomicReference<String> provider = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            deleteProvider(rpc, provider);
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        }));
        List<Result> results = new ArrayList<>();
        try (CallStore store = CallStore.connect(env("DB_HOST", "127.0.0.1"), env("DB_PORT", "55432"),
                env("DB_NAME", "provtest"), env("QUARKUS_DATASOURCE_USERNAME", "provtest"),
                required("QUARKUS_DATASOURCE_PASSWORD"))) {
            CallSetupBench bench = new CallSetupBench(rpc, store, pidFile);
            Path scenario = Path.of("e2e-tests/src/test/resources/sipp/uas_answer_bye.xml").toAbsolutePath();
            Process carrier = bench.sipp(work, "carrier.out", "-sf", scenario.toString(), "-i", "127.0.0.1", "-p",
                    String.valueOf(CARRIER_PORT), "-ci", "127.0.0.1", "-cp", String.valueOf(CARRIER_PORT + 1),
                    "-mi", "127.0.0.1", "-mp", String.valueOf(CARRIER_PORT + 10), "-nostdin", "-m", "10000000",
                    "-d", String.valueOf(CARRIER_PAUSE_MS), "-max_socket", "5000",
                    // the calls SIPp aborts, and why (uas_answer_bye_<pid>_errors.log; KEEP_WORK in calls.sh keeps it)
                    "-trace_err");
            try {
                Thread.sleep(500);
                provider.set(routes(rpc).createProvider(new CreateProviderRequest("sip",
                        "127.0.0.1:" + CARRIER_PORT, "bench carrier")).id().toString());
                String id = provider.get();
                if (warmup > 0) {
                    results.add(bench.phase("warm-up", id, 20, warmup, false, work));
                }
                if (soak > 0) {
                    results.add(bench.phase("soak", id, soakRate, soak, false, work));
                }
                for (int rate : rates) {
                    results.add(bench.phase(soak > 0 ? "after soak" : "fresh", id, rate, seconds, true, work));
                }
            } finally {
                carrier.destroy();
                deleteProvider(rpc, provider);
            }
        }
        print(results, seconds);
        System.exit(0);
    }

    private static RouteManagerApi routes(AmqpRpcClient rpc) {
        return RpcApis.client(RouteManagerApi.class, rpc, Duration.ofSeconds(5));
    }

    /** Once, from the normal end or the shutdown hook, whichever comes first. */
    private static void deleteProvider(AmqpRpcClient rpc, AtomicReference<String> provider) {
        String id = provider.getAndSet(null);
        if (id != null) {
            try {
                routes(rpc).deleteProvider(UUID.fromString(id));
            } catch (RuntimeException e) {
                System.err.println("bench: could not delete the bench provider " + id + ": " + e.getMessage());
            }
        }
    }

    /** One rate: offer, wait until the last BYE was due plus the grace, count, clean up, then SIPp alone. */
    private Result phase(String label, String provider, int rate, int seconds, boolean withAlone, Path work)
            throws InterruptedException, IOException {
        System.out.printf("%s: %d/s for %d s%n", label, rate, seconds);
        UUID customer = UUID.randomUUID();
        Offer offer = offer(customer, provider, rate, seconds);
        long checkAt = BenchRules.liveCheckAt(offer.lastReplyAtMs(), CARRIER_PAUSE_MS, GRACE_MS);
        Thread.sleep(Math.max(0, checkAt - System.currentTimeMillis()));

        CallStore.Summary summary = store.summary(customer);
        CallStore.Acks acks = store.acks(customer);
        List<String> why = new ArrayList<>(offer.why().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(e -> e.getKey() + " x" + e.getValue()).toList());
        why.addAll(store.abnormalReasons(customer, 5));
        int[] ended = endLiveCalls(customer);
        double alone = withAlone ? sippAlone(rate, seconds, work) : Double.NaN;
        return new Result(label, rate, seconds, offer.offered(), offer.offeredPerSecond(), offer.accepted(),
                offer.refused(), offer.failures() + summary.abnormal(),
                summary.answered() / summary.setupWindowSeconds(), BenchRules.percentile(offer.createMs(), 99),
                summary.setup50(), summary.setup99(), acks, summary.total(), summary.live(), ended[0], ended[1], alone,
                offer.refusedBy(), BenchRules.percentile(offer.refuseMs(), 99), why);
    }

    record Offer(int offered, double offeredPerSecond, int accepted, int refused, int failures, long lastReplyAtMs,
                 List<Double> createMs, List<Double> refuseMs, Map<String, Integer> refusedBy,
                 Map<String, Integer> why) {
    }

    private Offer offer(UUID customer, String provider, int rate, int seconds) {
        int n = rate * seconds;
        CreateCallsRequest body = new CreateCallsRequest(null, customer, null,
                new Address("tel", "+14155551234", null, null, null),
                List.of(new Address("tel", "+821012345678", null, null, null)), "auto",
                new CreateCallsRequest.Metadata(List.of(UUID.fromString(provider)), true, null, null));
        ConcurrentLinkedQueue<Double> createMs = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Double> refuseMs = new ConcurrentLinkedQueue<>();
        Map<String, Integer> refusedBy = new ConcurrentHashMap<>();
        Map<String, Integer> why = new ConcurrentHashMap<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong lastReply = new AtomicLong();
        List<CompletableFuture<?>> inFlight = new ArrayList<>(n);
        long begin = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long lastSent = begin;
        for (int i = 0; i < n; i++) {
            long due = begin + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            // latency from when the request was due, so a bench that falls behind does not hide the wait
            long start = due;
            lastSent = System.nanoTime();
            inFlight.add(calls.createCallsAsync(body)
                    .whenComplete((reply, error) -> {
                        double ms = (System.nanoTime() - start) / 1e6;
                        lastReply.accumulateAndGet(System.currentTimeMillis(), Math::max);
                        ApiError refusal = refusalOf(reply, error);
                        if (refusal != null) {
                            refuseMs.add(ms);
                            refusedBy.merge(BenchRules.refusalKind(refusal), 1, Integer::sum);
                        } else if (acceptedCall(reply) != null) {
                            accepted.incrementAndGet();
                            createMs.add(ms);
                        } else {
                            failures.incrementAndGet();
                            why.merge("create: " + failureOf(reply, error), 1, Integer::sum);
                        }
                    }));
        }
        double offeredPerSecond = n > 1 ? (n - 1) / ((lastSent - begin) / 1e9) : n;
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return new Offer(n, offeredPerSecond, accepted.get(), refusedBy.values().stream().mapToInt(i -> i).sum(),
                failures.get(), lastReply.get(), new ArrayList<>(createMs), new ArrayList<>(refuseMs), refusedBy, why);
    }

    /** The created call's id, when the reply placed exactly the one call asked for. */
    private static String acceptedCall(RpcResponse reply) {
        if (reply == null || !reply.isSuccess() || reply.data() == null) {
            return null;
        }
        JsonNode calls = reply.data().path("calls");
        return calls.size() == 1 ? calls.get(0).path("id").asText(null) : null;
    }

    /** The typed refusal a create was answered with, on the whole request or on its one destination. */
    private static ApiError refusalOf(RpcResponse reply, Throwable error) {
        ApiError typed = typedError(reply, error);
        return BenchRules.isRefusal(typed) ? typed : null;
    }

    private static ApiError typedError(RpcResponse reply, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            return cause instanceof ServiceException se ? se.error() : null;
        }
        if (reply.error() != null) {
            return reply.error();
        }
        JsonNode outcome = reply.data() == null ? null : reply.data().path("outcomes").path(0).path("error");
        return outcome == null || outcome.isMissingNode() || outcome.isNull() ? null
                : Json.convert(outcome, ApiError.class);
    }

    private static String failureOf(RpcResponse reply, Throwable error) {
        ApiError typed = typedError(reply, error);
        if (typed != null) {
            return typed.httpStatus() + " " + typed.reason();
        }
        return error != null ? String.valueOf(error.getMessage()) : "status " + reply.statusCode();
    }

    /**
     * Calls still up after the check are hung up (and waited for, up to 40 s: longer than our BYE's own timeout, 32 s,
     * for a carrier that gave the call up) so that they do not load the next
     * rate; they were counted first. Returns how many the bench had to end and how many were still up after that.
     */
    private int[] endLiveCalls(UUID customer) throws InterruptedException {
        List<UUID> live = store.liveCalls(customer);
        List<CompletableFuture<RpcResponse>> ending = live.stream().map(hangups::hangupCallAsync).toList();
        CompletableFuture.allOf(ending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        long deadline = System.currentTimeMillis() + 40_000;
        int remaining = live.size();
        while (remaining > 0 && (remaining = store.liveCalls(customer).size()) > 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        return new int[] {live.size(), remaining};
    }

    /** SIPp's built-in UAC and UAS on loopback: what this machine does with no Java in the path. */
    private double sippAlone(int rate, int seconds, Path work) throws IOException, InterruptedException {
        System.out.printf("SIPp alone: %d/s for %d s%n", rate, seconds);
        Process uas = sipp(work, "uas.out", "-sn", "uas", "-i", "127.0.0.1", "-p", String.valueOf(ALONE_UAS_PORT),
                "-ci", "127.0.0.1", "-cp", String.valueOf(ALONE_UAS_PORT + 1), "-mi", "127.0.0.1",
                "-mp", String.valueOf(ALONE_UAS_PORT + 10), "-nostdin");
        Path stats = work.resolve("alone-" + rate + ".csv");
        long start = System.nanoTime();
        try {
            Thread.sleep(500);
            start = System.nanoTime();
            Process uac = sipp(work, "uac.out", "-sn", "uac", "127.0.0.1:" + ALONE_UAS_PORT, "-i", "127.0.0.1", "-p",
                    String.valueOf(ALONE_UAC_PORT), "-ci", "127.0.0.1", "-cp", String.valueOf(ALONE_UAC_PORT + 1),
                    "-mi", "127.0.0.1", "-mp", String.valueOf(ALONE_UAC_PORT + 10), "-r", String.valueOf(rate),
                    "-m", String.valueOf(rate * seconds), "-nostdin", "-trace_stat", "-stf", stats.toString());
            if (!uac.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                uac.destroyForcibly().waitFor();
            }
        } finally {
            uas.destroy();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        if (!Files.exists(stats)) {
            return Double.NaN;
        }
        List<String> rows = Files.readAllLines(stats);
        List<String> header = List.of(rows.get(0).split(";"));
        String[] last = rows.get(rows.size() - 1).split(";");
        return Long.parseLong(last[header.indexOf("SuccessfulCall(C)")]) / wall;
    }

    /** Starts SIPp in the work folder and notes its pid for calls.sh's exit trap. */
    private Process sipp(Path work, String output, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("sipp");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(output).toFile()).start();
        Files.writeString(pidFile, p.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return p;
    }

    private static void print(List<Result> results, int seconds) {
        System.out.printf("%nCall setups through call-manager (POST /v1/calls over RabbitMQ, forced provider, SIP to a"
                + " SIPp UAS that answers and sends BYE 500 ms after our ACK), %d s per rate%n%n", seconds);
        System.out.println("| phase | rate | offered | accepted | refused | failures | setups/s | setup p50 | setup p99"
                + " | ACK p99 | live at BYE+10 s | SIPp alone | ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf("| %s | %d/s | %d | %d | %d | %d | %.1f | %s | %s | %s | %d | %s | %s |%n", r.phase(),
                    r.rate(), r.offered(), r.accepted(), r.refused(), r.failures(), r.setupsPerSecond(),
                    ms(r.setup50()), ms(r.setup99()), ms(r.acks().p99()), r.live(),
                    Double.isNaN(r.alone()) ? "-" : String.format("%.1f/s", r.alone()),
                    Double.isNaN(r.alone()) ? "-"
                            : String.format("%.2f", BenchRules.ratio(r.setupsPerSecond(), r.alone())));
        }
        System.out.println();
        for (Result r : results) {
            System.out.printf("- %s %d/s: sent at %.1f/s, %d calls stored; create reply p99 %s; ACK p50 %s, max %s"
                            + " over %d answered calls, %d answered with no ACK, %d with the 200 OK resent by the"
                            + " carrier, %d ACKed with a new branch for a copy of the 200 (must be 0)", r.phase(),
                    r.rate(), r.offeredPerSecond(), r.stored(), ms(r.create99()), ms(r.acks().p50()),
                    ms(r.acks().max()), r.acks().measured(), r.acks().unacked(), r.acks().okRetransmitted(),
                    r.acks().newBranchAcked());
            if (r.refused() > 0) {
                System.out.printf("; refused %s, refusal reply p99 %s", r.refusedBy().entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                        .map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", ")),
                        ms(r.refuse99()));
            }
            if (r.hungUpByBench() > 0) {
                System.out.printf("; the bench hung up the %d live calls (%d of them not ended within 40 s)",
                        r.hungUpByBench(), r.stillUp());
            }
            System.out.println();
            if (!r.why().isEmpty()) {
                System.out.println("  failures / unfinished (first 5 kinds): "
                        + r.why().subList(0, Math.min(5, r.why().size())));
            }
        }
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.1f ms", value);
    }

    /** There is no well-known default password: bench/calls.sh passes the generated ones. */
    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(name + " is not set (bench/calls.sh reads it from the state folder)");
        }
        return value;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
