package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The group commit's update of a call finds its row by the primary key however many calls are up. With the guard
 * spelt {@code status <> 'hangup'} PostgreSQL took a partial index of live calls instead and read all of them per
 * update (CallWriter#NOT_HUNG_UP). The plan checked is the generic one, which the reactive client's prepared statement
 * runs after its first executions.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class CallUpdatePlanTest {

    private static final int ENDED_CALLS = 50_000;
    private static final int LIVE_CALLS = 2_000;

    @Inject
    DataSource dataSource;

    @Test
    void aCallsUpdateFindsItsRowByTheKeyWhileThousandsOfCallsAreUp() throws Exception {
        // a day's ended calls and the statistics of a quiet hour (no call up), then the calls of a busy minute;
        // rolled back, statistics included, so no other test sees any of it
        Sql.rolledBack(dataSource, s -> {
            s.executeUpdate(insertCalls(ENDED_CALLS, "hangup"));
            s.execute("analyze call_manager.call");
            s.executeUpdate(insertCalls(LIVE_CALLS, "ringing"));
            String plan = Sql.genericPlan(s, CallWriter.UPDATE, 18);

            assertTrue(plan.contains("Index Scan using call_pkey"), "the update's plan:\n" + plan);
        });
    }

    private static String insertCalls(int count, String status) {
        return "insert into call_manager.call (id, customer_id, flow_id, activeflow_id, type, master_call_id,"
                + " groupcall_id, destination, status, direction, dialroute_id, provider_id, owner_instance,"
                + " tm_create) select gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(),"
                + " 'flow', gen_random_uuid(), gen_random_uuid(), '{}'::jsonb, '" + status + "', 'outgoing',"
                + " gen_random_uuid(), gen_random_uuid(), 'plan-test', now() from generate_series(1, " + count + ")";
    }
}
