package io.provtest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.restassured.response.Response;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code REPLICAS=2 ./scripts/run.sh}'s balancer (HAProxy, configured by {@code scripts/balancer-config.sh})
 * answers by itself, in front of a stand-in gateway whose behaviour each test chooses: the platform's typed error
 * envelope, and a loaded gateway whose readiness check answers late kept in rotation.
 */
class BalancerTest {

    private static final int BALANCER_PORT = 18380;
    private static final int GATEWAY_PORT = 18381;

    private HttpServer gateway;
    private Balancer balancer;

    @AfterEach
    void stop() throws InterruptedException {
        if (balancer != null) {
            balancer.close();
        }
        if (gateway != null) {
            gateway.stop(0);
        }
    }

    /** A stand-in gateway: ready after {@code readyDelayMs}; any other path answers 200, or closes unanswered. */
    private void gateway(long readyDelayMs, boolean answers, AtomicInteger served) throws Exception {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", GATEWAY_PORT), 64);
        gateway.setExecutor(Executors.newCachedThreadPool());
        gateway.createContext("/q/health/ready", exchange -> {
            try {
                Thread.sleep(readyDelayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        gateway.createContext("/", exchange -> {
            served.incrementAndGet();
            if (answers) {
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close(); // without an answer: the connection is closed, as by a gateway killed mid-request
        });
        gateway.start();
    }

    @Test
    void noReadyGatewayIsATypedNotNowWithARetryHint() throws Exception {
        balancer = Balancer.start("balancer-none", BALANCER_PORT, List.of(GATEWAY_PORT), false);

        Response r = balancer.request().body("{}").post("/v1.0/providercalls");

        assertEquals(503, r.statusCode(), r.asString());
        assertEquals("2", r.header("Retry-After"));
        assertEquals("UNAVAILABLE", r.jsonPath().getString("error.status"));
        assertEquals("SERVICE_UNAVAILABLE", r.jsonPath().getString("error.reason"));
        assertEquals(2, r.jsonPath().getInt("error.retry_after_seconds"));
        assertTrue(r.jsonPath().getString("error.message").contains("nothing was done"), r.asString());
    }

    @Test
    void aGatewayThatStopsBeforeAnsweringIsATypedUncertainOutcomeWithoutAHint() throws Exception {
        AtomicInteger served = new AtomicInteger();
        gateway(0, false, served);
        balancer = Balancer.start("balancer-lost", BALANCER_PORT, List.of(GATEWAY_PORT), true);

        Response r = balancer.request().body("{}").post("/v1.0/providercalls");

        assertEquals(502, r.statusCode(), r.asString());
        assertEquals("GATEWAY_LOST", r.jsonPath().getString("error.reason"));
        assertTrue(r.jsonPath().getString("error.message").contains("Idempotency-Key"), r.asString());
        // it may have been served: no hint that invites a blind retry, and the request reached the gateway once
        assertNull(r.header("Retry-After"));
        assertNull(r.jsonPath().get("error.retry_after_seconds"));
        assertEquals(1, served.get());
    }

    @Test
    void aGatewayWhoseReadinessAnswersLateUnderLoadStaysInRotation() throws Exception {
        // 1.5 s: later than HAProxy's check interval (1 s), within the chart's readiness timeout (3 s)
        AtomicInteger served = new AtomicInteger();
        gateway(1_500, true, served);
        balancer = Balancer.start("balancer-slow", BALANCER_PORT, List.of(GATEWAY_PORT), true);

        for (int i = 0; i < 8; i++) {
            Response r = balancer.request().get("/v1.0/providers");
            assertEquals(200, r.statusCode(), "request " + i + " at " + (i * 0.5) + " s: " + r.asString());
            Thread.sleep(500);
        }
        assertEquals(8, served.get());
    }
}
