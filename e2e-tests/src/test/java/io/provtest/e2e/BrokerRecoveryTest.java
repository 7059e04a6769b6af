package io.provtest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.provtest.testing.InfraScript;
import io.provtest.testing.LocalInfra;
import io.provtest.testing.Sipp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ restarts. While requests keep arriving, the services answer again without being restarted (a request sent
 * while the client library is still re-declaring consumers must not leave a channel closed for good). A call that
 * ends while the broker is away still has its event published, from the outbox, once the broker is back.
 */
class BrokerRecoveryTest {

    private Instant brokerBack;

    private static final String[] READS = {"/v1.0/providers", "/v1.0/calls", "/v1.0/flows", "/v1.0/providercalls"};

    @Test
    void servicesAnswerAgainWithin15SecondsOfABrokerRestartUnderTraffic() throws Exception {
        String admin = Api.admin();
        for (String path : READS) {
            Api.as(admin).get(path).then().statusCode(200);
        }

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService traffic = Executors.newFixedThreadPool(READS.length);
        for (String path : READS) {
            traffic.execute(() -> {
                while (!stop.get()) {
                    try {
                        Api.as(admin).get(path).statusCode();
                    } catch (RuntimeException e) {
                        // the gateway itself stays up; a failed read is expected while the broker is down
                    }
                }
            });
        }
        try {
            restartBroker(3);
            System.out.printf("services answered %d ms after the broker came back%n", awaitEveryServiceAnswers(admin));
        } finally {
            stop.set(true);
            traffic.shutdown();
            assertTrue(traffic.awaitTermination(30, TimeUnit.SECONDS));
        }

        // Still healthy once the traffic is over: every read, and a write whose event the broker must confirm.
        for (int i = 0; i < 20; i++) {
            for (String path : READS) {
                assertEquals(200, Api.as(admin).get(path).statusCode(), path + " after recovery");
            }
        }
        Api.as(admin).body(Map.of("type", "sip", "hostname", "recovered.example.org", "name", "after the restart"))
                .post("/v1.0/providers").then().statusCode(200);
    }

    @Test
    void aCallThatEndsWhileTheBrokerIsDownStillHasItsHangupEventPublishedOnceItIsBack() throws Exception {
        String queue = "e2e-outbox-" + UUID.randomUUID();
        // A durable queue outlives the restart, so nothing published after it can be missed by the test. It expires
        // two minutes after its last use: the delete below is skipped when a run fails or is stopped before it, and two
        // such queues were found on the test vhost holding about 6,000 events each, every later test's hang-ups.
        try (Connection broker = LocalInfra.fromEnvironment().rabbitConnection("e2e-outbox-check");
             Channel channel = broker.createChannel()) {
            channel.queueDeclare(queue, true, false, false, Map.of("x-expires", 120_000));
            channel.queueBind(queue, "call-manager.events", "call_hangup");
        }
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_bye.xml"), 1, "-d", "3000")) {
            String id = Calls.dial(List.of(Calls.provider(carrier)), "no");
            Calls.await(id, "progressing", 10);

            // Down for 6 s from about 1 s after the answer; the carrier hangs up 3 s after it.
            restartBroker(6);
            awaitEveryServiceAnswers(Calls.admin());

            JsonNode call = Calls.await(id, "hangup", 20);
            assertEquals("normal", call.get("hangup_reason").asText(), call.toString());
            assertEquals("remote", call.get("hangup_by").asText());
            Instant hungUp = Instant.parse(call.get("tm_hangup").asText());
            assertTrue(hungUp.isBefore(brokerBack), "the carrier hung up while the broker was down: hangup at "
                    + hungUp + ", broker back at " + brokerBack);

            String event = null;
            long deadline = System.currentTimeMillis() + 15_000;
            try (Connection reader = LocalInfra.fromEnvironment().rabbitConnection("e2e-outbox-read"); Channel channel = reader.createChannel()) {
                while (event == null && System.currentTimeMillis() < deadline) {
                    GetResponse got = channel.basicGet(queue, true);
                    String body = got == null ? null : new String(got.getBody(), StandardCharsets.UTF_8);
                    if (body != null && body.contains(id)) {
                        event = body;
                    } else if (got == null) {
                        Thread.sleep(100);
                    }
                }
                channel.queueDelete(queue);
            }
            assertTrue(event != null && event.contains("\"hangup_reason\":\"normal\""),
                    "the call_hangup event came out of the outbox after the restart: " + event);
        }
    }

    /** Milliseconds until every service answers 200 through the gateway; fails after 15 s. */
    private static long awaitEveryServiceAnswers(String admin) {
        long back = System.nanoTime();
        long deadline = back + Duration.ofSeconds(15).toNanos();
        boolean allAnswer = false;
        while (!allAnswer && System.nanoTime() < deadline) {
            allAnswer = true;
            for (String path : READS) {
                allAnswer &= Api.as(admin).get(path).statusCode() == 200;
            }
            if (!allAnswer) {
                SystemUnderTest.sleep(250);
            }
        }
        assertTrue(allAnswer, "not every service answered 200 within 15 s of the broker coming back");
        return Duration.ofNanos(System.nanoTime() - back).toMillis();
    }

    private void restartBroker(int downSeconds) throws Exception {
        InfraScript.run("restart-broker", downSeconds);
        brokerBack = Instant.now();
    }
}
