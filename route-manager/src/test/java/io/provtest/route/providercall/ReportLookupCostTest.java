package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.json.Json;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A hang-up's look for the provider call that placed its call (ProviderCallRepository#awaitingReport's own
 * statement, on the GIN index of call_ids) reads a few pages however many records were written since the last
 * vacuum: the index keeps no pending list (V11), which every search read whole. And the index holds only the records
 * that look can find (V13): a record whose calls are tagged, every record by default, writes nothing into it.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ReportLookupCostTest {

    /** Records settled since the last vacuum: about two minutes at 150 provider calls/s. */
    private static final int RECORDS = 20_000;
    /** The index's pages a lookup of one id reads: its root and a leaf or two; the pending list was 50 and more. */
    private static final int MOST_PAGES = 8;

    @Inject
    DataSource dataSource;

    @Test
    void aHangupsLookupReadsAFewPagesAfterThousandsOfRecordsWereWritten() throws Exception {
        // rolled back, so no other test sees the records
        Sql.rolledBack(dataSource, s -> {
            s.executeUpdate("insert into route_manager.providercall (id, customer_id, provider_id, flow_id,"
                    + " destinations, anonymous, created_by, status, request_hash, tm_create, call_ids)"
                    + " select gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(),"
                    + " '[]'::jsonb, 'no', gen_random_uuid(), 'progressing', '', now(),"
                    + " jsonb_build_array(gen_random_uuid()) from generate_series(1, " + RECORDS + ")");
            s.execute("analyze route_manager.providercall");
            s.execute("prepare lookup as " + ProviderCallRepository.awaitingReportSql(false));
            JsonNode plan = plan(s, "explain (analyze, buffers, format json) execute lookup('[\""
                    + UUID.randomUUID() + "\"]')");
            s.execute("deallocate lookup");

            JsonNode scan = node(plan, "Bitmap Index Scan");
            assertTrue(scan != null, "the lookup uses the index: " + plan.toPrettyString());
            int pages = scan.path("Shared Hit Blocks").asInt() + scan.path("Shared Read Blocks").asInt();
            assertTrue(pages <= MOST_PAGES, pages + " pages read by the index scan: " + scan.toPrettyString());
        });
    }

    @Test
    void recordsWhoseCallsAreTaggedWriteNothingIntoTheLookupIndexesAndOnlyUntaggedSettledOnesAreFound()
            throws Exception {
        Sql.rolledBack(dataSource, s -> {
            long callIndex = size(s, "providercall_call_ids");
            long groupcallIndex = size(s, "providercall_groupcall_ids");
            s.executeUpdate(insert("progressing", true, false, "jsonb_build_array(gen_random_uuid())", RECORDS));
            assertEquals(callIndex, size(s, "providercall_call_ids"),
                    "20,000 tagged records settled: not one page more in the call index");
            assertEquals(groupcallIndex, size(s, "providercall_groupcall_ids"));

            UUID call = UUID.randomUUID();
            String holding = "jsonb_build_array('" + call + "'::text)";
            s.executeUpdate(insert("pending", false, false, holding, 1));
            s.executeUpdate(insert("progressing", true, false, holding, 1));
            s.executeUpdate(insert("progressing", false, true, holding, 1));
            assertEquals(0, found(s, call), "pending, tagged and announced records are not what the look is for");
            s.executeUpdate(insert("progressing", false, false, holding, 1));
            assertEquals(1, found(s, call), "a settled untagged record not announced is found");
        });
    }

    /** {@code n} records in {@code status}, tagged or not, announced or not, each with the call_ids {@code callIds}. */
    private static String insert(String status, boolean tagged, boolean announced, String callIds, int n) {
        return "insert into route_manager.providercall (id, customer_id, provider_id, flow_id, destinations,"
                + " anonymous, created_by, status, request_hash, calls_tagged, call_ids, tm_create, tm_report_ready)"
                + " select gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), '[]'::jsonb,"
                + " 'no', gen_random_uuid(), '" + status + "', '', " + tagged + ", " + callIds + ", now(),"
                + (announced ? " now()" : " null") + " from generate_series(1, " + n + ")";
    }

    private static long found(Statement s, UUID call) throws Exception {
        try (ResultSet r = s.executeQuery("select count(*) from (" + ProviderCallRepository.awaitingReportSql(false)
                .replace("$1", "'[\"" + call + "\"]'") + ") f")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static long size(Statement s, String index) throws Exception {
        try (ResultSet r = s.executeQuery("select pg_relation_size('route_manager." + index + "')")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static JsonNode plan(Statement s, String explain) throws Exception {
        try (ResultSet r = s.executeQuery(explain)) {
            r.next();
            return Json.MAPPER.readTree(r.getString(1)).get(0).get("Plan");
        }
    }

    /** The first node of the plan tree of this type, or null. */
    private static JsonNode node(JsonNode plan, String type) {
        if (type.equals(plan.path("Node Type").asText())) {
            return plan;
        }
        for (JsonNode child : plan.path("Plans")) {
            JsonNode found = node(child, type);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
