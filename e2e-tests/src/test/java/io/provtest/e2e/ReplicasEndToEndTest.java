package io.provtest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.provtest.testing.LocalInfra;
import io.provtest.testing.Sipp;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two of every service over one database and broker, the gateways behind one port through HAProxy, as
 * {@code REPLICAS=2 ./scripts/run.sh} runs them (the suite's own stack is replica 1; replica 2 of each service is
 * started here, its call-manager without an instance id). Provider calls, groupcalls and hangups go through the load
 * balancer while replica 2 of every service is killed with SIGKILL mid-run. Then nothing is left behind: every call
 * and groupcall ended, no provider call pending, no temporary flow that nothing refers to.
 */
class ReplicasEndToEndTest {

    private static final int BALANCER_PORT = 18280;
    private static final int GATEWAY_2 = 18180;
    private static final String CALL_MANAGER_2 = "call-manager-replica-2";
    private static final List<Process> SECOND = new ArrayList<>();
    private static Balancer balancer;

    @BeforeAll
    static void startTheSecondReplicasAndTheBalancer() throws Exception {
        SystemUnderTest sut = SystemUnderTest.get();
        Calls.admin();
        SECOND.add(sut.startReplica("route-manager", "route-manager-replica-2", 18191));
        SECOND.add(sut.startReplica("flow-manager", "flow-manager-replica-2", 18193));
        // a short lease: the survivor takes its calls over seconds after the kill
        SECOND.add(sut.startCallManagerWithoutId(CALL_MANAGER_2, 18192, 15590, 36000,
                Map.of("CALL_LEASE_TTL", "3s", "CALL_LEASE_HEARTBEAT_INTERVAL", "1s")));
        SECOND.add(sut.startReplica("api-gateway", "api-gateway-replica-2", GATEWAY_2));
        balancer = Balancer.start("replicas", BALANCER_PORT, List.of(SystemUnderTest.GATEWAY_PORT, GATEWAY_2), true);
    }

    @AfterAll
    static void stopThem() throws InterruptedException {
        for (Process p : SECOND) {
            p.destroyForcibly();
        }
        if (balancer != null) {
            balancer.close();
        }
    }

    private static io.restassured.specification.RequestSpecification balanced() {
        return balancer.request();
    }

    private static Response post(String path, Object body) {
        try {
            return balanced().auth().oauth2(Calls.admin()).body(body).post(path);
        } catch (Exception inFlightWhenAReplicaDied) { // RestAssured throws I/O errors unchecked
            return null;
        }
    }

    private static Connection database() throws Exception {
        LocalInfra infra = LocalInfra.fromEnvironment();
        return DriverManager.getConnection("jdbc:postgresql://" + infra.pgHost() + ":" + infra.pgPort() + "/"
                + infra.pgDatabase(), infra.pgUser(), infra.pgPassword());
    }

    private static long count(String query, Timestamp since) throws Exception {
        try (Connection c = database(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setTimestamp(i, since);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The rows a count found, as text for a failure message (what is stuck, where, since when). */
    private static String rows(String query, Timestamp since) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = database(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setTimestamp(i, since);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        out.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                    }
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }

    /**
     * For a call left without an end: the leases as they are now, and what the call-managers logged about leases,
     * takeovers and the stuck calls (an owner whose lease was taken over while it lived, then killed before it
     * noticed, would leave a call that no survivor ends).
     */
    private static String trail(String stuck) throws Exception {
        StringBuilder out = new StringBuilder("\nleases now:\n").append(rows("select instance_id, started_at,"
                + " renewed_at, expires_at, claimed_by from call_manager.instance_lease", null));
        List<String> needles = new ArrayList<>(List.of("lease", "is gone", "took over", "drain"));
        java.util.regex.Matcher ids = java.util.regex.Pattern.compile("(?<=^id=)\\S+", java.util.regex.Pattern.MULTILINE)
                .matcher(stuck);
        while (ids.find()) {
            needles.add(ids.group());
        }
        for (String log : List.of("call-manager", CALL_MANAGER_2)) {
            out.append(log).append(".log:\n");
            // ISO-8859-1 decodes any byte: a log line may hold raw SIP
            for (String line : Files.readAllLines(SystemUnderTest.get().log(log),
                    java.nio.charset.StandardCharsets.ISO_8859_1)) {
                if (needles.stream().anyMatch(line::contains)) {
                    out.append("  ").append(line).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static final String CALLS_WITHOUT_END =
            "select count(*) from call_manager.call where tm_create >= ? and status <> 'hangup'";
    private static final String GROUPCALLS_WITHOUT_END =
            "select count(*) from call_manager.groupcall where tm_create >= ? and status <> 'hangup'";
    private static final String PENDING_PROVIDER_CALLS =
            "select count(*) from route_manager.providercall where tm_create >= ? and status = 'pending'";
    private static final String ORPHAN_TEMP_FLOWS = "select count(*) from flow_manager.flow f where not f.persist"
            + " and f.tm_create >= ?"
            + " and not exists (select 1 from route_manager.providercall p where p.flow_id = f.id)"
            + " and not exists (select 1 from call_manager.groupcall g where g.flow_id = f.id)"
            + " and not exists (select 1 from call_manager.call c where c.flow_id = f.id)";

    @Test
    void killingOneReplicaOfEveryServiceMidRunLeavesNoCallWithoutAnEndNoPendingRecordAndNoOrphanFlow()
            throws Exception {
        Timestamp since;
        try (Connection c = database(); ResultSet rs = c.createStatement().executeQuery("select now()")) {
            rs.next();
            since = rs.getTimestamp(1);
        }
        String secondId = SystemUnderTest.get().instanceIdOf(CALL_MANAGER_2);
        try (Sipp carrier = Sipp.uas(Calls.SCENARIOS.resolve("uas_answer_wait_bye.xml"), 500)) {
            String provider = Calls.provider(carrier);
            List<Map<String, Object>> actions = List.of(Map.of("type", "answer"),
                    Map.of("type", "sleep", "option", Map.of("duration", 3000)), Map.of("type", "hangup"));
            List<String> callsToHangUp = new ArrayList<>();
            int answered = 0;
            for (int i = 0; i < 30; i++) {
                if (i == 15) {
                    // mid-run: replica 2 of every service dies at once, calls of its call-manager still up
                    SECOND.forEach(Process::destroyForcibly);
                    for (Process p : SECOND) {
                        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
                    }
                }
                Response r;
                if (i % 3 == 2) {
                    Map<String, Object> groupcall = new LinkedHashMap<>();
                    groupcall.put("source", Map.of("type", "tel", "target", "+14155551234"));
                    groupcall.put("destinations", List.of(
                            Map.of("type", "sip", "target", "desk-1@" + carrier.hostPort()),
                            Map.of("type", "sip", "target", "desk-2@" + carrier.hostPort())));
                    groupcall.put("ring_method", "ring_all");
                    groupcall.put("answer_method", "hangup_others");
                    groupcall.put("actions", actions);
                    r = post("/v1.0/groupcalls", groupcall);
                } else {
                    r = post("/v1.0/providercalls", Map.of("provider_id", provider,
                            "source", Map.of("type", "tel", "target", "+14155551234"),
                            "destinations", List.of(Map.of("type", "tel", "target", "+821012345678")),
                            "actions", actions));
                    if (r != null && r.statusCode() == 200 && i % 2 == 0) {
                        callsToHangUp.add(r.path("call_ids[0]"));
                    }
                }
                if (r != null && r.statusCode() == 200) {
                    answered++;
                }
                if (!callsToHangUp.isEmpty() && i % 4 == 3) {
                    post("/v1.0/calls/" + callsToHangUp.remove(0) + "/hangup", Map.of());
                }
                Thread.sleep(300);
            }
            assertTrue(answered >= 20, "most requests were served through the balancer (" + answered + " of 30)");
            assertTrue(count("select count(*) from call_manager.call where tm_create >= ? and owner_instance = '"
                    + secondId + "'", since) > 0, "the killed call-manager held calls");

            long deadline = System.currentTimeMillis() + 90_000;
            long[] left;
            do {
                Thread.sleep(1_000);
                left = new long[] {count(CALLS_WITHOUT_END, since), count(GROUPCALLS_WITHOUT_END, since),
                        count(PENDING_PROVIDER_CALLS, since), count(ORPHAN_TEMP_FLOWS, since)};
            } while ((left[0] + left[1] + left[2] + left[3]) > 0 && System.currentTimeMillis() < deadline);
            if (left[0] > 0) {
                String stuck = rows("select id, status, owner_instance, provider_id, groupcall_id, tm_create, tm_update,"
                        + " hangup_cause from call_manager.call where tm_create >= ? and status <> 'hangup'", since);
                fail("calls without an end: " + stuck + trail(stuck));
            }
            assertEquals(0, left[1], "groupcalls without an end");
            assertEquals(0, left[2], "provider calls still pending");
            assertEquals(0, left[3], "temporary flows nothing refers to");
            assertEquals(0, count("select count(*) from call_manager.call where tm_create >= ? and owner_instance = '"
                    + secondId + "' and hangup_reason = ''", since), "every call of the killed instance has a reason");
        }
    }
}
