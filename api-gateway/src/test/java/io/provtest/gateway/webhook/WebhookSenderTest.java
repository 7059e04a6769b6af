package io.provtest.gateway.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One attempt against real sockets on loopback: what is sent, and what the address rules and the deadline stop.
 * A trap on 127.0.0.2 (outside the allow-list) must never be reached.
 */
class WebhookSenderTest {

    private HttpServer receiver;
    private HttpServer trap;
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private final List<String> trapped = new CopyOnWriteArrayList<>();
    private WebhookSender sender;

    private static WebhookConfig config(String allowed, Duration requestTimeout) {
        return new WebhookConfig() {
            public Optional<String> allowedHosts() { return Optional.of(allowed); }
            public Optional<String> secretKey() { return Optional.empty(); }
            public int senders() { return 2; }
            public Duration connectTimeout() { return Duration.ofSeconds(1); }
            public Duration requestTimeout() { return requestTimeout; }
            public Duration firstRetry() { return Duration.ofSeconds(1); }
            public Duration maxRetryInterval() { return Duration.ofSeconds(1); }
            public Duration giveUpAfter() { return Duration.ofMinutes(1); }
            public Duration pollInterval() { return Duration.ofSeconds(1); }
            public Duration claimLease() { return Duration.ofSeconds(1); }
            public Duration retention() { return Duration.ofDays(1); }
            public Duration routingCheckInterval() { return Duration.ofSeconds(30); }
        };
    }

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(Map.of("method", exchange.getRequestMethod(),
                    "id", exchange.getRequestHeaders().getFirst("X-Webhook-Id"),
                    "event", exchange.getRequestHeaders().getFirst("X-Webhook-Event"),
                    "signature", exchange.getRequestHeaders().getFirst("X-Webhook-Signature"),
                    "type", exchange.getRequestHeaders().getFirst("Content-Type"),
                    "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.2:" + trap.getAddress().getPort() + "/");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        receiver.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        trap = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        trap.createContext("/", exchange -> {
            trapped.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        trap.start();
        sender = new WebhookSender(config("127.0.0.1", Duration.ofMillis(800)));
    }

    @AfterEach
    void stop() throws Exception {
        sender.close();
        receiver.stop(0);
        trap.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    @Test
    void sendsTheBodySignedWithTheHeadersAndTheMethod() {
        WebhookSender.Outcome outcome = sender.send(url("/hook"), "PUT", "d-1", "call_hangup", "{\"a\":\"\u00fc\"}", "s3cret");
        assertEquals(204, outcome.statusCode());
        assertTrue(outcome.delivered());
        Map<String, String> r = received.get(0);
        assertEquals("PUT", r.get("method"));
        assertEquals("d-1", r.get("id"));
        assertEquals("call_hangup", r.get("event"));
        assertTrue(r.get("type").startsWith("application/json"), r.get("type"));
        assertEquals("{\"a\":\"\u00fc\"}", r.get("body"));
        long t = Long.parseLong(r.get("signature").substring(2, r.get("signature").indexOf(',')));
        assertEquals(WebhookSignature.header("s3cret", t, r.get("body").getBytes(StandardCharsets.UTF_8)),
                r.get("signature"));
    }

    @Test
    void aRefusedAddressIsNeverContacted() throws Exception {
        WebhookSender.Outcome outcome = sender.send("http://127.0.0.2:" + trap.getAddress().getPort() + "/", "POST",
                "d-2", "call_hangup", "{}", "s");
        assertTrue(outcome.refused());
        assertNull(outcome.statusCode());
        assertTrue(outcome.error().contains("DESTINATION_NOT_ALLOWED"), outcome.error());
        // a name is resolved and judged before the connection: localhost is loopback, refused without an entry
        WebhookSender strict = new WebhookSender(config("", Duration.ofSeconds(1)));
        try {
            assertTrue(strict.send("http://localhost:" + receiver.getAddress().getPort() + "/hook", "POST", "d-3",
                    "call_hangup", "{}", "s").refused());
        } finally {
            strict.close();
        }
        assertTrue(trapped.isEmpty());
        assertTrue(received.isEmpty());
    }

    @Test
    void redirectsAreNotFollowed() {
        WebhookSender.Outcome outcome = sender.send(url("/redirect"), "POST", "d-4", "call_hangup", "{}", "s");
        assertEquals(307, outcome.statusCode());
        assertFalse(outcome.delivered());
        assertFalse(outcome.refused());
        assertTrue(trapped.isEmpty());
    }

    @Test
    void aSlowReceiverIsCutAtTheDeadlineAndNothingListeningIsAFailureToRetry() throws Exception {
        long started = System.nanoTime();
        WebhookSender.Outcome slow = sender.send(url("/slow"), "POST", "d-5", "call_hangup", "{}", "s");
        assertNull(slow.statusCode());
        assertFalse(slow.refused());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2_500, "cut at the deadline");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        WebhookSender.Outcome refused = sender.send("http://127.0.0.1:" + closed + "/", "POST", "d-6", "x", "{}", "s");
        assertNull(refused.statusCode());
        assertFalse(refused.refused());
        assertEquals("could not connect", refused.error());
    }
}
