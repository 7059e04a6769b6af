package io.provtest.call.health;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sipp;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * OPTIONS probing against SIPp carriers on 127.0.0.1 (a 1 s interval in test config). route-manager is a stand-in
 * that lists the providers; the results are read off the real broker.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ProviderProberTest {

    static Sipp answering(int code, String reason) throws Exception {
        String template = Files.readString(Path.of("src/test/resources/sipp/uas_options.xml"));
        Path scenario = Files.createTempFile("uas_options_" + code, ".xml");
        Files.writeString(scenario, template.replace("@CODE@", String.valueOf(code)).replace("@REASON@", reason));
        return Sipp.uas(scenario, 1000);
    }

    @Test
    void probesEveryProviderAndPublishesCodeTimeoutAndRoundTrip() throws Exception {
        UUID ok = UUID.randomUUID();
        UUID busy = UUID.randomUUID();
        UUID dead = UUID.randomUUID();
        try (Sipp healthy = answering(200, "OK");
             Sipp overloaded = answering(503, "Service Unavailable");
             EventTap tap = EventTap.onTestBroker("call-manager.events");
             StandInService routeManager = new StandInService("route-manager", r -> StandInService.ok(Map.of(
                     "result", List.of(Map.of("id", ok.toString(), "hostname", healthy.hostPort()),
                             Map.of("id", busy.toString(), "hostname", overloaded.hostPort()),
                             Map.of("id", dead.toString(), "hostname", "127.0.0.1:5995")),
                     "next_page_token", "")))) {
            Duration wait = Duration.ofSeconds(15);
            String good = tap.await(b -> b.contains("provider_probed") && b.contains(ok.toString())
                    && b.contains("\"status_code\":200"), wait);
            assertNotNull(good, "a 200 probe result: " + tap.received());
            assertTrue(good.matches(".*\"rtt_ms\":[0-9.]+.*"), good);
            assertNotNull(tap.await(b -> b.contains(busy.toString()) && b.contains("\"status_code\":503"), wait));
            assertNotNull(tap.await(b -> b.contains(dead.toString()) && b.contains("\"timeout\":true"), wait));
            long start = System.currentTimeMillis();
            Thread.sleep(3_000);
            long probes = tap.received().stream().filter(b -> b.contains(ok.toString())).count();
            assertTrue(probes <= 2 + (System.currentTimeMillis() - start) / 1000 + 2,
                    "one probe per interval, not a flood: " + probes);
        }
    }

    /**
     * A provider created after start reaches the prober through the provider-events channel (route-manager's
     * exchange, this instance's own queue), and is probed; each probe result carries a request id.
     */
    @Test
    void aProviderCreatedLaterArrivesAsAnEventAndIsProbed() throws Exception {
        UUID created = UUID.randomUUID();
        try (Sipp carrier = answering(200, "OK");
             EventTap tap = EventTap.onTestBroker("call-manager.events");
             Connection broker = testBroker()) {
            Channel channel = broker.createChannel();
            String body = "{\"type\":\"provider_created\",\"publisher\":\"route-manager\",\"request_id\":"
                    + "\"req_prober_test\",\"data\":{\"id\":\"" + created + "\",\"hostname\":\""
                    + carrier.hostPort() + "\",\"transport\":\"udp\",\"tm_delete\":null}}";
            channel.basicPublish("route-manager.events", "provider_created",
                    new AMQP.BasicProperties.Builder().contentType("application/json").build(),
                    body.getBytes(StandardCharsets.UTF_8));
            String probed = tap.await(b -> b.contains("provider_probed") && b.contains(created.toString())
                    && b.contains("\"status_code\":200"), Duration.ofSeconds(15));
            assertNotNull(probed, "the new provider was probed: " + tap.received());
            assertTrue(probed.contains("\"request_id\":\"req_"), probed);
        }
    }

    private static Connection testBroker() throws Exception {
        var config = ConfigProvider.getConfig();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.getValue("broker.host", String.class));
        factory.setPort(config.getValue("broker.port", Integer.class));
        factory.setUsername(config.getValue("broker.username", String.class));
        factory.setPassword(config.getValue("broker.password", String.class));
        factory.setVirtualHost(config.getValue("broker.virtual-host", String.class));
        return factory.newConnection("prober-test");
    }
}
