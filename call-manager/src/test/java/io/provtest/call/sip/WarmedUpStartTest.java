package io.provtest.call.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.call.Call;
import io.provtest.call.call.CallMetadata;
import io.provtest.call.call.CallService;
import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sipp;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

/**
 * call-manager started as it runs outside the tests, with its SIP warm-up on: the warm-up runs in the start-up,
 * readiness says so, it leaves no trace in the database, and the engine has the endpoint afterwards (a real call to a
 * SIPp carrier is placed and ends by the carrier's BYE).
 */
@QuarkusTest
@TestProfile(WarmedUpStartTest.WarmUp.class)
@WithTestResource(InfraResource.class)
class WarmedUpStartTest {

    static final int CALLS = 20;

    public static class WarmUp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sip.warmup.calls", String.valueOf(CALLS));
        }
    }

    @Inject
    SipWarmup warmup;

    @Inject
    @Readiness
    EngineHealthCheck readiness;

    @Inject
    CallService calls;

    @Inject
    DataSource dataSource;

    @Test
    void theStartRunsTheWarmUpBeforeReadinessAndTheEngineServesAfterIt() throws Exception {
        assertTrue(warmup.done());
        assertEquals(CALLS, warmup.outcome().endedByCarrier(), "each warm-up dialog ended whole in the start-up: "
                + warmup.outcome());
        HealthCheckResponse ready = readiness.call();
        assertEquals(HealthCheckResponse.Status.UP, ready.getStatus());
        assertEquals(Boolean.TRUE, ready.getData().orElseThrow().get("warmed-up"), ready.getData().toString());
        assertEquals(0, Sql.count(dataSource, "select count(*) from sip_message where raw like '%sip:warmup@%'"),
                "the warm-up's messages are not in any call's trace");

        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_answer_bye.xml"), 1, "-d", "300")) {
            Address destination = new Address("sip", "+821012345678@" + carrier.hostPort(), "", "", "");
            Call created = calls.createCall(new CallService.CreateCallsRequest(UUID.randomUUID(), Ids.NIL, null,
                    List.of(destination), "no", new CallMetadata(List.of(), null, true, null, null), Ids.NIL),
                    destination, Ids.NIL);

            String status = awaitEnd(created.id());
            assertEquals("hangup", status, "the engine heard the call's answer and the carrier's BYE");
        }
    }

    private String awaitEnd(UUID id) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        String status = Sql.text(dataSource, "select status from call where id = ?::uuid", id.toString());
        while (!"hangup".equals(status) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            status = Sql.text(dataSource, "select status from call where id = ?::uuid", id.toString());
        }
        return status;
    }
}
