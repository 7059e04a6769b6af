package io.provtest.route.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.provtest.testing.InfraResource;
import io.provtest.testing.RpcWarmupOn;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Timestamp;

/**
 * route-manager started with its RPC warm-up on, as it runs outside the tests: every warm-up request (a provider call
 * for an unknown provider, an unknown provider call, an unknown provider) went through the broker to this instance's
 * handlers and came back as the refusal it was chosen for, before readiness, and the database holds nothing made by
 * it: no provider call, nothing billed, no billing account opened.
 */
@QuarkusTest
@TestProfile(RpcWarmupOn.Profile.class)
@WithTestResource(InfraResource.class)
class RpcWarmupStartTest extends RpcWarmupOn {

    @Override
    protected void assertNothingMadeSince(Timestamp since) throws Exception {
        assertEquals(0, Sql.count(dataSource, "select count(*) from providercall where tm_create >= ?", since),
                "no provider call made by the warm-up");
        assertEquals(0, Sql.count(dataSource, "select count(*) from billing.billing where tm_create >= ?", since),
                "nothing billed");
        assertEquals(0, Sql.count(dataSource, "select count(*) from billing.account where tm_create >= ?", since),
                "no billing account opened for the warm-up's customers");
    }
}
