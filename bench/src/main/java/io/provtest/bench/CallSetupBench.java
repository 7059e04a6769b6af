package io.provtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.rpc.AmqpRpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.common.rpc.StandaloneRpcClient;
import io.provtest.common.time.Times;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Call setups through call-manager at a fixed rate, the way route-manager asks for them ({@code POST /v1/calls} on
 * the RPC backbone, forced through one provider), against a SIPp carrier that answers and hangs up after a short
 * pause; then every call is read back. Then SIPp UAC → SIPp UAS alone at the same rate for the same time, for the
 * ratio. Prints a table. Run through {@code bench/calls.sh}.
 */
public final class CallSetupBench {

    private static final int CARRIER_PORT = 5390;
    private static final int ALONE_UAS_PORT = 5420;
    private static final int ALONE_UAC_PORT = 5440;

    private final AmqpRpcClient rpc;
    private final UUID customer = UUID.randomUUID();

    private CallSetupBench(AmqpRpcClient rpc) {
        this.rpc = rpc;
    }

    record Result(int rate, int seconds, int sent, int accepted, double setupsPerSecond, double create50,
                  double create99, double setup50, double setup99, int failures, int unfinished, List<String> why) {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        int seconds = Integer.parseInt(env("DURATION", "60"));
        AmqpRpcClient rpc = StandaloneRpcClient.connect(env("BROKER_HOST", "127.0.0.1"),
                Integer.parseInt(env("BROKER_PORT", "5673")), env("BROKER_USERNAME", "provtest"),
                required("BROKER_PASSWORD"), env("BROKER_VIRTUAL_HOST", "/"), "bench");
        Path scenario = Path.of("e2e-tests/src/test/resources/sipp/uas_answer_bye.xml").toAbsolutePath();
        Path work = Files.createTempDirectory("bench-calls-");
        Process carrier = new ProcessBuilder("sipp", "-sf", scenario.toString(), "-i", "127.0.0.1", "-p",
                String.valueOf(CARRIER_PORT), "-ci", "127.0.0.1", "-cp", String.valueOf(CARRIER_PORT + 1),
                "-mi", "127.0.0.1", "-mp",
                String.valueOf(CARRIER_PORT + 10), "-nostdin", "-m", "10000000", "-d", "500", "-max_socket", "5000")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("carrier.out").toFile())
                .start();
        CallSetupBench bench = new CallSetupBench(rpc);
        String provider = null;
        Result result;
        try {
            Thread.sleep(500);
            provider = rpc.call("route-manager", "POST", "/v1/providers", Map.of("type", "sip",
                    "hostname", "127.0.0.1:" + CARRIER_PORT, "name", "bench carrier"), Duration.ofSeconds(5))
                    .dataOrThrow().get("id").asText();
            System.out.println("warm-up: 20/s for 10 s");
            bench.run(provider, 20, 10);
            System.out.printf("measuring: %d/s for %d s%n", rate, seconds);
            result = bench.run(provider, rate, seconds);
        } finally {
            carrier.destroy();
            if (provider != null) {
                rpc.call("route-manager", "DELETE", "/v1/providers/" + provider, null, Duration.ofSeconds(5));
            }
        }
        System.out.printf("SIPp alone: %d/s for %d s%n", rate, seconds);
        double[] alone = sippAlone(rate, seconds, work);

        System.out.printf("%nCall setups through call-manager (POST /v1/calls over RabbitMQ, forced provider, SIP to a"
                + " SIPp UAS that answers and sends BYE after 500 ms), %d s%n%n", seconds);
        System.out.println("| target rate | sent | created | setups/s | create p50 | create p99 | setup p50 | setup p99"
                + " | failures | unfinished |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        System.out.printf("| %d/s | %d | %d | %.1f | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d | %d |%n", result.rate(),
                result.sent(), result.accepted(), result.setupsPerSecond(), result.create50(), result.create99(),
                result.setup50(), result.setup99(), result.failures(), result.unfinished());
        if (!result.why().isEmpty()) {
            System.out.println("\nfailures (first 10): " + result.why().subList(0, Math.min(10, result.why().size())));
        }
        System.out.printf("%nSIPp UAC -> SIPp UAS alone, same rate and time: %.1f calls/s (%d of %d ok);"
                + " call-manager / SIPp alone = %.2f%n", alone[0], (long) alone[1], (long) alone[2],
                alone[0] > 0 ? result.setupsPerSecond() / alone[0] : Double.NaN);
        System.exit(0);
    }

    private Result run(String provider, int rate, int seconds) throws InterruptedException {
        int n = rate * seconds;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customer_id", customer.toString());
        body.put("source", Map.of("type", "tel", "target", "+14155551234"));
        body.put("destinations", List.of(Map.of("type", "tel", "target", "+821012345678")));
        body.put("anonymous", "auto");
        body.put("metadata", Map.of("route_provider_ids", List.of(provider), "skip_source_validation", true));
        ConcurrentLinkedQueue<Double> createMs = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> callIds = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> why = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = new ArrayList<>(n);
        long begin = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < n; i++) {
            long due = begin + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long start = System.nanoTime();
            inFlight.add(rpc.send("call-manager", "POST", "/v1/calls", body, Duration.ofSeconds(10))
                    .whenComplete((reply, error) -> {
                        JsonNode calls = reply == null || reply.statusCode() != 200 ? null
                                : reply.dataOrThrow().path("calls");
                        if (calls != null && calls.size() == 1) {
                            createMs.add((System.nanoTime() - start) / 1e6);
                            callIds.add(calls.get(0).get("id").asText());
                        } else {
                            failures.incrementAndGet();
                            why.add(error != null ? error.getMessage() : reply.statusCode() != 200
                                    ? reply.error().reason() : reply.data().path("outcomes").toString());
                        }
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();

        // every call must end on its own (the carrier hangs up 500 ms after answering)
        List<Double> setupMs = new ArrayList<>();
        Instant firstCreate = null;
        Instant lastAnswer = null;
        int unfinished = 0;
        long deadline = System.currentTimeMillis() + 60_000;
        List<String> pending = new ArrayList<>(callIds);
        while (!pending.isEmpty() && System.currentTimeMillis() < deadline) {
            List<String> still = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += 200) {
                List<String> batch = pending.subList(from, Math.min(pending.size(), from + 200));
                List<CompletableFuture<RpcResponse>> reads = batch.stream().map(id -> rpc.send("call-manager", "GET",
                        "/v1/calls/" + id, null, Duration.ofSeconds(10))).toList();
                for (int i = 0; i < batch.size(); i++) {
                    JsonNode call;
                    try {
                        call = reads.get(i).join().dataOrThrow();
                    } catch (RuntimeException e) {
                        still.add(batch.get(i));
                        continue;
                    }
                    if (!"hangup".equals(call.path("status").asText())) {
                        still.add(batch.get(i));
                        continue;
                    }
                    Instant created = Times.parse(call.get("tm_create").asText());
                    if (!"normal".equals(call.path("hangup_reason").asText()) || call.path("tm_progressing").isNull()) {
                        failures.incrementAndGet();
                        why.add(call.path("hangup_reason").asText() + " " + call.path("sip_status_code").asText()
                                + " " + call.path("hangup_cause").asText());
                        continue;
                    }
                    Instant answered = Times.parse(call.get("tm_progressing").asText());
                    setupMs.add(Duration.between(created, answered).toNanos() / 1e6);
                    firstCreate = firstCreate == null || created.isBefore(firstCreate) ? created : firstCreate;
                    lastAnswer = lastAnswer == null || answered.isAfter(lastAnswer) ? answered : lastAnswer;
                }
            }
            pending = still;
            if (!pending.isEmpty()) {
                Thread.sleep(500);
            }
        }
        unfinished = pending.size();
        double window = firstCreate == null ? Double.NaN : Duration.between(firstCreate, lastAnswer).toNanos() / 1e9;
        List<Double> create = new ArrayList<>(createMs);
        return new Result(rate, seconds, n, callIds.size(), setupMs.size() / window, percentile(create, 50),
                percentile(create, 99), percentile(setupMs, 50), percentile(setupMs, 99), failures.get(), unfinished,
                new ArrayList<>(why));
    }

    /** SIPp's built-in UAC and UAS on loopback: what this machine does with no Java in the path. */
    private static double[] sippAlone(int rate, int seconds, Path work) throws IOException, InterruptedException {
        Process uas = new ProcessBuilder("sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", String.valueOf(ALONE_UAS_PORT),
                "-ci", "127.0.0.1", "-cp", String.valueOf(ALONE_UAS_PORT + 1), "-mi", "127.0.0.1",
                "-mp", String.valueOf(ALONE_UAS_PORT + 10), "-nostdin")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("uas.out").toFile())
                .start();
        Thread.sleep(500);
        Path stats = work.resolve("alone.csv");
        long start = System.nanoTime();
        Process uac = new ProcessBuilder("sipp", "-sn", "uac", "127.0.0.1:" + ALONE_UAS_PORT, "-i", "127.0.0.1", "-p",
                String.valueOf(ALONE_UAC_PORT), "-ci", "127.0.0.1", "-cp", String.valueOf(ALONE_UAC_PORT + 1),
                "-mi", "127.0.0.1", "-mp",
                String.valueOf(ALONE_UAC_PORT + 10), "-r", String.valueOf(rate), "-m", String.valueOf(rate * seconds),
                "-nostdin", "-trace_stat", "-stf", stats.toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("uac.out").toFile())
                .start();
        uac.waitFor(seconds + 60L, TimeUnit.SECONDS);
        double wall = (System.nanoTime() - start) / 1e9;
        uac.destroy();
        uas.destroy();
        List<String> rows = Files.readAllLines(stats);
        List<String> header = List.of(rows.get(0).split(";"));
        String[] last = rows.get(rows.size() - 1).split(";");
        long ok = Long.parseLong(last[header.indexOf("SuccessfulCall(C)")]);
        return new double[] {ok / wall, ok, (long) rate * seconds};
    }

    private static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p / 100 * (sorted.size() - 1))));
    }

    /** There is no well-known default password: bench/calls.sh passes the generated one. */
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
