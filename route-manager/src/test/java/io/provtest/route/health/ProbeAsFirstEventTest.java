package io.provtest.route.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.amqp.Broker;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.rpc.RpcClient;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A started route-manager whose first event is a probe's {@code provider_health_changed}, sent from
 * {@link ProviderProbes}' {@code @Blocking} worker, as after a restart when call-manager probes a provider whose health
 * then changes. The events channel opens at its first send; opened from that worker's context its publisher lost the
 * send's confirm (the health change rolled back, "provider_probed event not handled: EVENT_NOT_CONFIRMED") and others
 * for the life of the process: 126 provider calls answered {@code 503 EVENT_NOT_CONFIRMED} in a benchmark on
 * 2026-12-07 (bench/README.md, "The events channel opened from a worker"). A profile of its own gives the test an
 * application whose channel nothing opened before; the provider is written straight to its table so that creating
 * it sends no event first.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
@TestProfile(ProbeAsFirstEventTest.FreshChannel.class)
class ProbeAsFirstEventTest {

    /** No settings of its own: a profile of its own is what gives the test an application of its own. */
    public static class FreshChannel implements QuarkusTestProfile {
    }

    private static final Duration T = Duration.ofSeconds(5);

    @Inject
    Pool pool;

    @Inject
    Broker broker;

    @Inject
    RpcClient rpc;

    @Inject
    EventPublisher events;

    private String health(String id) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        String last = null;
        while (System.currentTimeMillis() < deadline) {
            JsonNode p = rpc.call("route-manager", "GET", "/v1/providers/" + id, null, T).dataOrThrow();
            last = p.get("health_status").asText() + " " + p.get("health_reason").asText();
            if (!last.startsWith("unknown")) {
                return last;
            }
            Thread.sleep(50);
        }
        return last;
    }

    @Test
    void theFirstEventFromTheProbesWorkerAndEveryOneAfterItAreConfirmed() throws Exception {
        String id = UUID.randomUUID().toString();
        String host = "first-event.example.net:5060";
        pool.preparedQuery("insert into route_manager.provider (id, type, hostname, tm_create) values ($1, 'sip', $2, "
                + "now())").execute(Tuple.of(UUID.fromString(id), host)).await().atMost(T);

        ProbedEvents.probed(broker, id, host, 200, 3.0);
        assertEquals("healthy 200", health(id), "the probe's change committed with its event confirmed");

        List<CompletableFuture<Void>> burst = new ArrayList<>();
        for (int n = 0; n < 50; n++) {
            burst.add(events.send("first_event_probe", null, null));
        }
        int unconfirmed = 0;
        for (CompletableFuture<Void> send : burst) {
            try {
                send.get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                unconfirmed++;
            }
        }
        assertEquals(0, unconfirmed, "events sent after it that were not confirmed");
    }
}
