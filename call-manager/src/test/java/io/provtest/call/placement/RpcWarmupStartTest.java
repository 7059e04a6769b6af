package io.provtest.call.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.provtest.testing.InfraResource;
import io.provtest.testing.RpcWarmupOn;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Timestamp;

/**
 * call-manager started with its RPC warm-up on, as it runs outside the tests: every warm-up request (a provider call's
 * create whose actions are refused, the status of a key never taken) went through the broker to this instance's
 * handlers and came back as the refusal it was chosen for, before readiness, and the database holds nothing made by
 * it: no call, no groupcall, and every create request key it claimed given back.
 */
@QuarkusTest
@TestProfile(RpcWarmupOn.Profile.class)
@WithTestResource(InfraResource.class)
class RpcWarmupStartTest extends RpcWarmupOn {

    @Override
    protected void assertNothingMadeSince(Timestamp since) throws Exception {
        assertEquals(0, Sql.count(dataSource, "select count(*) from call where tm_create >= ?", since), "no call");
        assertEquals(0, Sql.count(dataSource, "select count(*) from groupcall where tm_create >= ?", since),
                "no groupcall");
        assertEquals(0, Sql.count(dataSource, "select count(*) from create_request where tm_create >= ?", since),
                "each key the creates claimed was given back when they were refused");
    }
}
