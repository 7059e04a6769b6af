package io.provtest.call.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The database decides an admission while it holds the lock (the function {@code outbound_refuses}, V33) and
 * {@link OutboundRules#judge} names the limit of a refusal: the two must make the same decision for every counter
 * and limit, or a refusal would have no reason (or an admission the wrong one). Compared over a grid of counters at,
 * just under and over each limit, with limits on and off.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class OutboundAdmitFunctionTest {

    @Inject
    DataSource dataSource;

    @Test
    void theDatabaseRefusesExactlyWhatOutboundRulesJudgeRefuses() throws Exception {
        long[] counters = {0, 2, 3, 4};
        long[] limits = {0, 3};
        // each case: customer this second, platform this second, customer live, platform live, legs, customer cps,
        // customer max, platform cps, platform max; every combination of the values each may take
        long[][] values = {counters, counters, counters, counters, {1, 2}, limits, limits, limits, limits};
        int combinations = 1;
        for (long[] v : values) {
            combinations *= v.length;
        }
        List<long[]> cases = new ArrayList<>(combinations);
        for (int n = 0; n < combinations; n++) {
            long[] c = new long[values.length];
            int rest = n;
            for (int k = values.length - 1; k >= 0; k--) {
                c[k] = values[k][rest % values[k].length];
                rest /= values[k].length;
            }
            cases.add(c);
        }
        List<Boolean> refusedByTheDatabase = refusedByTheDatabase(cases);

        int refusals = 0;
        for (int i = 0; i < cases.size(); i++) {
            long[] c = cases.get(i);
            OutboundRules.Refusal judged = OutboundRules.judge(new OutboundRules.Usage(c[0], c[1], c[2], c[3]),
                    new OutboundRules.Limits((int) c[5], (int) c[6]), new OutboundRules.Limits((int) c[7], (int) c[8]),
                    (int) c[4], 1);
            assertEquals(judged != null, refusedByTheDatabase.get(i),
                    () -> "counters and limits " + Arrays.toString(c));
            refusals += judged != null ? 1 : 0;
        }
        assertTrue(refusals > 0 && refusals < cases.size(), "the grid has both outcomes: " + refusals);
    }

    private List<Boolean> refusedByTheDatabase(List<long[]> cases) throws Exception {
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("select call_manager.outbound_refuses(a, b, c, d,"
                     + " e::int, f::int, g::int, h::int, i::int) from unnest(?::bigint[], ?::bigint[], ?::bigint[],"
                     + " ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) with ordinality"
                     + " as t(a, b, c, d, e, f, g, h, i, n) order by n")) {
            for (int column = 0; column < 9; column++) {
                Long[] values = new Long[cases.size()];
                for (int i = 0; i < cases.size(); i++) {
                    values[i] = cases.get(i)[column];
                }
                Array array = conn.createArrayOf("bigint", values);
                ps.setArray(column + 1, array);
            }
            List<Boolean> refused = new ArrayList<>(cases.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    refused.add(rs.getBoolean(1));
                }
            }
            assertEquals(cases.size(), refused.size());
            return refused;
        }
    }
}
