package io.provtest.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.rpc.AmqpRpcServer;
import io.provtest.common.rpc.RpcServerHealthCheck;
import io.provtest.common.rpc.RpcWarmup;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

/**
 * Each service's {@code RpcWarmupStartTest} (annotated {@code @QuarkusTest}, {@code @TestProfile(RpcWarmupOn.Profile
 * .class)}, {@code @WithTestResource(InfraResource.class)}): the service starts with its RPC warm-up on (off in every
 * other test), the warm-up runs in the start-up, every request is answered with the refusal it was chosen for,
 * readiness is up after it, and the service's own check finds no row made since it began.
 */
public abstract class RpcWarmupOn {

    public static final int REQUESTS = 300;

    /** The warm-up on, {@link #REQUESTS} requests. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rpc.server.warmup-requests", String.valueOf(REQUESTS));
        }
    }

    @Inject
    protected AmqpRpcServer server;

    @Inject
    @Readiness
    protected RpcServerHealthCheck readiness;

    @Inject
    protected DataSource dataSource;

    /** Asserts that the service's tables hold no row made at or after {@code since}. */
    protected abstract void assertNothingMadeSince(Timestamp since) throws Exception;

    @Test
    void theStartSendsEveryWarmUpRequestThroughTheBrokerAndEachIsRefusedWithoutATrace() throws Exception {
        RpcWarmup.Outcome outcome = server.warmup();
        assertNotNull(outcome, "the warm-up ran in the start-up");
        assertTrue(outcome.complete(), outcome.toString());
        assertEquals(REQUESTS, outcome.refusedAsExpected());
        assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());
        assertNothingMadeSince(Timestamp.from(outcome.startedAt()));
    }
}
