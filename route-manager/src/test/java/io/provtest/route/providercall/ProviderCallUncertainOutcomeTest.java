package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import io.provtest.testing.Await;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A provider call whose outcome is not known is never removed or settled failed while its calls or its temporary flow
 * may still be made (issue 17 item 4; bench/faults.sh found calls without an audit record and temporary flows no
 * record named after a broker restart). flow-manager and call-manager are stand-ins on the real broker. (A temporary
 * flow asked of flow-manager whose answer came too late, on the path kept for upgrades: {@link ProviderCallFlowFirstTest}.)
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ProviderCallUncertainOutcomeTest {

    @Inject
    RpcClient rpc;

    @Inject
    DataSource dataSource;

    @Inject
    PendingReconciler reconciler;

    @Test
    void anEarlierDeliveryStillBeingServedKeepsTheRecordPendingAndItIsLinkedToItsCalls() throws Exception {
        String callId = UUID.randomUUID().toString();
        AtomicReference<String> lookup = new AtomicReference<>("serving");
        try (StandInService flows = new StandInService("flow-manager", r -> StandInService.ok(Map.of("id",
                     r.data() != null && r.data().path("id").isTextual() ? r.data().get("id").asText()
                             : UUID.randomUUID().toString())));
             // call-manager took an earlier delivery of this request (the broker redelivered it after a cut) and is
             // still placing its calls: the second one is answered 409, and places nothing itself
             StandInService calls = new StandInService("call-manager", placingElsewhere(lookup, callId))) {
            String provider = ProviderCallRequests.provider(rpc, "in-progress.example");
            RpcResponse response = ProviderCallRequests.create(rpc, provider, List.of(Map.of("type", "answer")));
            assertEquals("REQUEST_TIMEOUT", response.error().reason(), String.valueOf(response));
            String id = ProviderCallRequests.recordId(calls);
            assertEquals("pending", ProviderCallRows.status(dataSource, id), "kept: its calls are being placed");
            assertTrue(flows.received().stream().noneMatch(r -> "DELETE".equals(r.method())),
                    "the flow its calls run is kept: " + flows.received());

            agePast(id, Duration.ofMinutes(30)); // far past the stale-serving wait (10 min)
            reconciler.reconcile(Instant.now().minus(Duration.ofMinutes(2)));
            assertEquals("pending", ProviderCallRows.status(dataSource, id),
                    "still being placed, however long: never settled failed");

            lookup.set("served");
            assertTrue(reconciler.reconcile(Instant.now().minus(Duration.ofMinutes(2))) >= 1);
            assertEquals("created", ProviderCallRows.status(dataSource, id));
            assertEquals("[\"" + callId + "\"]", callIds(id), "linked to the call the first delivery placed");
        }
    }

    /**
     * A client whose first attempt got {@code 503 REQUEST_TIMEOUT} sends the request again with its Idempotency-Key
     * (bench/faults.sh: after a broker restart such clients got 409 for their whole 90 s of retries, the record
     * waiting for the next reconciliation round). While a live request may still be placing: 409 with a retry hint;
     * once the record is stale, the retry reconciles it itself: 409 again while call-manager is still placing, and
     * the settled record as soon as call-manager has served the request. No round runs here (its interval is 0).
     */
    @Test
    void aRetryOfAStaleRecordIsAnsweredWithItsOutcomeWithoutWaitingForARound() throws Exception {
        String callId = UUID.randomUUID().toString();
        AtomicReference<String> lookup = new AtomicReference<>("serving");
        try (StandInService flows = new StandInService("flow-manager", r -> StandInService.ok(Map.of("id",
                     UUID.randomUUID().toString())));
             StandInService calls = new StandInService("call-manager", placingElsewhere(lookup, callId))) {
            String provider = ProviderCallRequests.provider(rpc, "retry-stale.example");
            String customer = UUID.randomUUID().toString();
            List<Object> actions = List.of(Map.of("type", "answer"));
            RpcResponse first = ProviderCallRequests.create(rpc, provider, actions, customer, "retry-1");
            assertEquals("REQUEST_TIMEOUT", first.error().reason(), String.valueOf(first));
            String id = ProviderCallRequests.recordId(calls);

            RpcResponse early = ProviderCallRequests.create(rpc, provider, actions, customer, "retry-1");
            assertEquals(409, early.statusCode(), String.valueOf(early));
            assertEquals("REQUEST_IN_PROGRESS", early.error().reason());
            assertNotNull(early.error().retryAfterSeconds(), "says when to come back");
            assertTrue(early.error().retryAfterSeconds() >= 1 && early.error().retryAfterSeconds() <= 5,
                    String.valueOf(early.error()));
            assertEquals(0, lookups(calls), "a record a live request may still be placing is not reconciled");

            agePast(id, Duration.ofMinutes(1)); // past the stale-pending wait (30 s)
            RpcResponse serving = ProviderCallRequests.create(rpc, provider, actions, customer, "retry-1");
            assertEquals("REQUEST_IN_PROGRESS", serving.error().reason(), String.valueOf(serving));
            assertEquals(5, serving.error().retryAfterSeconds());
            assertEquals(1, lookups(calls), "the retry asked call-manager what the request came to");
            assertEquals("pending", ProviderCallRows.status(dataSource, id), "never settled while being placed");

            lookup.set("served");
            RpcResponse answered = ProviderCallRequests.create(rpc, provider, actions, customer, "retry-1");
            assertEquals(200, answered.statusCode(), String.valueOf(answered));
            assertEquals(id, answered.data().get("id").asText(), "the first attempt's record");
            assertEquals("created", answered.data().get("status").asText());
            assertEquals(callId, answered.data().get("call_ids").get(0).asText(), "linked to the call placed");
            assertEquals(1, calls.received().stream().filter(r -> "POST".equals(r.method())
                    && r.uri().equals("/v1/calls")).count(), "the retries placed nothing: " + calls.received());
        }
    }

    /**
     * A client that reads a stale pending record (its GET, the console's view) no longer waits for the next round, up
     * to a reconcile interval (30 s) later, to see its outcome: the read hands it to the reconciler and the next read
     * has it. A record a live request may still be placing is read as it is, nothing asked. No round runs here.
     */
    @Test
    void aReadOfAStaleRecordHasItSettledWithoutWaitingForARound() throws Exception {
        String callId = UUID.randomUUID().toString();
        AtomicReference<String> lookup = new AtomicReference<>("served");
        try (StandInService flows = new StandInService("flow-manager", r -> StandInService.ok(Map.of("id",
                     UUID.randomUUID().toString())));
             StandInService calls = new StandInService("call-manager", placingElsewhere(lookup, callId))) {
            String provider = ProviderCallRequests.provider(rpc, "read-stale.example");
            RpcResponse first = ProviderCallRequests.create(rpc, provider, List.of(Map.of("type", "answer")));
            assertEquals("REQUEST_TIMEOUT", first.error().reason(), String.valueOf(first));
            String id = ProviderCallRequests.recordId(calls);

            RpcResponse young = read(id);
            assertEquals("pending", young.data().get("status").asText(), String.valueOf(young));
            Thread.sleep(300);
            assertEquals(0, lookups(calls), "a record a live request may still be placing is not reconciled");

            agePast(id, Duration.ofMinutes(1)); // past the stale-pending wait (30 s)
            RpcResponse stale = read(id);
            assertEquals(200, stale.statusCode(), "answered at once, as stored: " + stale);
            Await.until(Duration.ofSeconds(10), "the record read is settled",
                    () -> "created".equals(ProviderCallRows.status(dataSource, id)));
            RpcResponse settled = read(id);
            assertEquals("created", settled.data().get("status").asText(), String.valueOf(settled));
            assertEquals(callId, settled.data().get("call_ids").get(0).asText(), "linked to the call placed");
            assertEquals(1, lookups(calls), "one question to call-manager");
        }
    }

    private RpcResponse read(String id) {
        return rpc.call("route-manager", "GET", "/v1/providercalls/" + id, null, Duration.ofSeconds(15));
    }

    /** A retry of a stale record that call-manager never took gets the record, settled failed, and its flow goes. */
    @Test
    void aRetryOfAStaleRecordCallManagerNeverTookGetsItFailed() throws Exception {
        try (StandInService flows = new StandInService("flow-manager", r -> StandInService.ok(Map.of("id",
                     UUID.randomUUID().toString())));
             StandInService calls = new StandInService("call-manager", r -> "POST".equals(r.method())
                     ? StandInService.error(409, "ALREADY_EXISTS", "REQUEST_IN_PROGRESS", "Being served.")
                     : StandInService.error(404, "NOT_FOUND", "CREATE_REQUEST_NOT_FOUND", "No such request."))) {
            String provider = ProviderCallRequests.provider(rpc, "retry-never-taken.example");
            String customer = UUID.randomUUID().toString();
            List<Object> actions = List.of(Map.of("type", "answer"));
            assertEquals("REQUEST_TIMEOUT", ProviderCallRequests.create(rpc, provider, actions, customer, "retry-2")
                    .error().reason());
            String id = ProviderCallRequests.recordId(calls);
            String flow = calls.received().get(0).data().get("flow_id").asText();
            agePast(id, Duration.ofMinutes(1));

            RpcResponse answered = ProviderCallRequests.create(rpc, provider, actions, customer, "retry-2");
            assertEquals(200, answered.statusCode(), String.valueOf(answered));
            assertEquals("failed", answered.data().get("status").asText());
            assertEquals("ORCHESTRATION_INTERRUPTED",
                    answered.data().get("outcomes").get(0).get("error").get("reason").asText(), answered.data()
                            .toString());
            assertTrue(ProviderCallRequests.flowDeleted(flows, flow), "its temporary flow is deleted: "
                    + flows.received());
        }
    }

    /**
     * A call-manager stand-in that took an earlier delivery of the create request: the create is answered 409
     * (being served), the request's status "serving" while {@code lookup} says so, then "served" with {@code callId}.
     */
    private static Function<StandInService.Received, ObjectNode> placingElsewhere(AtomicReference<String> lookup,
                                                                                 String callId) {
        return r -> {
            if ("POST".equals(r.method())) {
                return StandInService.error(409, "ALREADY_EXISTS", "REQUEST_IN_PROGRESS",
                        "This create request is already being served.");
            }
            return "serving".equals(lookup.get()) ? StandInService.ok(Map.of("status", "serving"))
                    : StandInService.ok(Map.of("status", "served", "result", Map.of(
                            "calls", List.of(Map.of("id", callId)), "outcomes", List.of(Map.of("index", 0,
                                    "destination", Map.of("type", "tel", "target", "+821012345678"),
                                    "call_id", callId)))));
        };
    }

    private static long lookups(StandInService calls) {
        return calls.received().stream().filter(r -> "GET".equals(r.method())).count();
    }

    /**
     * The calls, the status and the announcement are one transaction now (issue 20: one begin/commit fewer per
     * provider call): when it fails, the placed calls must still be on the record, pending, for the reconciliation. A
     * deferred trigger fails the commit of this provider's records as they settle.
     */
    @Test
    void aRecordThatCannotBeSettledKeepsItsPlacedCallsWhilePending() throws Exception {
        String provider = ProviderCallRequests.provider(rpc, "settle-fails.example");
        String callId = UUID.randomUUID().toString();
        Sql.execute(dataSource, "create or replace function refuse_settle() returns trigger language plpgsql as $$"
                        + " begin raise exception 'settling refused by the test'; end $$",
                "drop trigger if exists refuse_settle on providercall",
                "create constraint trigger refuse_settle after update on providercall deferrable initially deferred"
                        + " for each row when (new.status = 'created' and new.provider_id = '" + provider + "')"
                        + " execute function refuse_settle()");
        try (StandInService flows = new StandInService("flow-manager", r -> StandInService.ok(Map.of("id",
                     r.data() != null && r.data().path("id").isTextual() ? r.data().get("id").asText()
                             : UUID.randomUUID().toString())));
             StandInService calls = new StandInService("call-manager", r -> StandInService.ok(Map.of(
                     "calls", List.of(Map.of("id", callId)), "outcomes", List.of(Map.of("index", 0,
                             "destination", Map.of("type", "tel", "target", "+821012345678"), "call_id", callId)))))) {
            RpcResponse response = ProviderCallRequests.create(rpc, provider, List.of(Map.of("type", "answer")));
            assertTrue(response.error() != null, "the settle failed, so did the request: " + response);
            String id = ProviderCallRequests.recordId(calls);
            assertEquals("pending", ProviderCallRows.status(dataSource, id), "not settled");
            assertEquals("[\"" + callId + "\"]", callIds(id), "the placed call is on the record all the same");
            assertTrue(flows.received().stream().noneMatch(r -> "DELETE".equals(r.method())),
                    "the flow its call runs is kept: " + flows.received());
        } finally {
            Sql.execute(dataSource, "drop trigger if exists refuse_settle on providercall",
                    "drop function if exists refuse_settle()");
        }
    }

    private void agePast(String id, Duration age) throws SQLException {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("update providercall set tm_create = now() - ?::interval where id = ?::uuid")) {
            ps.setString(1, age.toSeconds() + " seconds");
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    private String callIds(String id) throws SQLException {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("select call_ids::text from providercall where id = ?::uuid")) {
            ps.setString(1, id);
            var rs = ps.executeQuery();
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}
