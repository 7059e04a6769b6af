package io.provtest.call.groupcall;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.call.JsonColumns;
import io.provtest.call.report.ReportReads;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A groupcall's guarded updates, and the report's look for a live groupcall, find their rows by the primary key
 * however many groupcalls are up. With the guards spelt {@code status <> 'hangup'} and {@code status = 'progressing'}
 * PostgreSQL's generic plan scanned the partial index of live groupcalls instead (GroupcallRepository#NOT_HUNG_UP).
 * The guards are the repository's own constants; the statements around them are the SQL of its HQL updates.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class GroupcallUpdatePlanTest {

    private static final int ENDED = 50_000;
    private static final int LIVE = 2_000;
    private static final String TABLE = JsonColumns.SCHEMA + ".groupcall";

    @Inject
    DataSource dataSource;

    @Test
    void theGuardedUpdatesAndTheReportsLookFindTheirRowsByTheKeyWhileThousandsOfGroupcallsAreUp() throws Exception {
        // a day's ended groupcalls and the statistics of a quiet hour (none up), then a busy minute's; rolled back,
        // statistics included, so no other test sees any of it
        Sql.rolledBack(dataSource, s -> {
            s.executeUpdate(insertGroupcalls(ENDED, "hangup"));
            s.execute("analyze " + TABLE);
            s.executeUpdate(insertGroupcalls(LIVE, "progressing"));

            String hangingUp = Sql.genericPlan(s, "update " + TABLE + " set status = 'hangingup', tm_update = $1"
                    + " where id = $2 and " + GroupcallRepository.PROGRESSING, 2);
            String hungUp = Sql.genericPlan(s, "update " + TABLE + " set status = 'hangup', hangup_cause = $1,"
                    + " tm_update = $2 where id = $3 and " + GroupcallRepository.NOT_HUNG_UP, 3);
            String live = Sql.genericPlan(s, ReportReads.GROUPCALL_LIVE, 1);

            assertTrue(byTheKey(hangingUp), "hangingUp's plan:\n" + hangingUp);
            assertTrue(byTheKey(hungUp), "hungUp's plan:\n" + hungUp);
            assertTrue(byTheKey(live), "the report's look:\n" + live);
        });
    }

    /** An index scan (plain or bitmap) of the key, and neither partial index of live groupcalls. */
    private static boolean byTheKey(String plan) {
        return plan.contains("groupcall_pkey") && !plan.contains("groupcall_unfinished")
                && !plan.contains("groupcall_children");
    }

    private static String insertGroupcalls(int count, String status) {
        return "insert into " + TABLE + " (id, customer_id, flow_id, status, destinations, ring_method, answer_method,"
                + " master_call_id, master_groupcall_id, answer_call_id, answer_groupcall_id, owner_instance,"
                + " tm_create) select gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), '" + status + "',"
                + " '[]'::jsonb, 'ringall', 'hangup', gen_random_uuid(), gen_random_uuid(), gen_random_uuid(),"
                + " gen_random_uuid(), 'plan-test', now() from generate_series(1, " + count + ")";
    }
}
