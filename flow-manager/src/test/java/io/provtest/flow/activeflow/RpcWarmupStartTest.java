package io.provtest.flow.activeflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.provtest.testing.InfraResource;
import io.provtest.testing.RpcWarmupOn;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Timestamp;

/**
 * flow-manager started with its RPC warm-up on, as it runs outside the tests: every warm-up request (an activeflow of
 * an unknown flow, a temporary flow with an action refused, the next step of an unknown activeflow) went through the
 * broker to this instance's handlers and came back as the refusal it was chosen for, before readiness, and the
 * database holds no flow and no activeflow made by it.
 */
@QuarkusTest
@TestProfile(RpcWarmupOn.Profile.class)
@WithTestResource(InfraResource.class)
class RpcWarmupStartTest extends RpcWarmupOn {

    @Override
    protected void assertNothingMadeSince(Timestamp since) throws Exception {
        assertEquals(0, Sql.count(dataSource, "select count(*) from activeflow where tm_create >= ?", since),
                "no activeflow started by the warm-up");
        assertEquals(0, Sql.count(dataSource, "select count(*) from flow where tm_create >= ?", since),
                "no temporary flow stored by the warm-up");
    }
}
