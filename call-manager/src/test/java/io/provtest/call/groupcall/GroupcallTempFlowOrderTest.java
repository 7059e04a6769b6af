package io.provtest.call.groupcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.call.CallMetadata;
import io.provtest.call.engine.CallConfig;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A groupcall's temporary flow is made only once the groupcall's row names it (issue 17 item 4): a call-manager
 * killed at any point leaves a live groupcall, owned by it, naming its flow, which its restart or a survivor ends
 * ({@code GroupcallService.endOrphans}, {@code InstanceTakeoverTest}), never a flow that no record names. The
 * flow-manager stand-in (on the real broker) looks in the database at the moment it is asked, which is what a kill
 * at that moment would leave.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class GroupcallTempFlowOrderTest {

    @Inject
    GroupcallService groupcalls;

    @Inject
    DataSource dataSource;

    @Inject
    CallConfig config;

    @Test
    void theFlowIsAskedForUnderTheIdALiveGroupcallAlreadyNamesAndRefusedActionsEndAndRemoveIt() throws Exception {
        UUID customer = UUID.randomUUID();
        AtomicReference<String> requested = new AtomicReference<>();
        AtomicReference<String> rowWhenAsked = new AtomicReference<>();
        try (EventTap tap = EventTap.onTestBroker("call-manager.events");
             StandInService flows = new StandInService("flow-manager", r -> {
            String id = r.data() != null && r.data().path("id").isTextual() ? r.data().get("id").asText() : null;
            requested.set(id);
            rowWhenAsked.set(id == null ? "no id was chosen before asking" : rowNaming(id));
            return StandInService.error(400, "INVALID_ARGUMENT", "INVALID_ACTION_TYPE", "Unknown action type.");
        })) {
            ServiceException refused = assertThrows(ServiceException.class,
                    () -> groupcalls.create(request(customer)));
            assertEquals("INVALID_ACTION_TYPE", refused.error().reason(), "flow-manager's refusal is the answer");

            assertEquals("progressing, owned by " + config.instanceId(), rowWhenAsked.get(),
                    "when flow-manager is asked, a live groupcall of this instance already names the flow");
            String[] row = row(requested.get());
            assertEquals("hangup", row[0], "the refused groupcall is ended");
            assertNotNull(row[1], "and removed (deleted)");
            assertTrue(row[2].contains("Unknown action type"), "its cause says why: " + row[2]);
            assertEquals("0", row[3], "no leg was placed");
            assertTrue(flows.received().stream().noneMatch(r -> "DELETE".equals(r.method())),
                    "a refused flow was never made: nothing to delete " + flows.received());
            // the API answered 400: nobody following the events is told of a groupcall (created, ended, deleted)
            String groupcallId = groupcallNaming(requested.get());
            Thread.sleep(500); // the outbox relay's wake-up and more: an event written would be out by now
            assertTrue(tap.received().stream().noneMatch(b -> b.contains(groupcallId)),
                    "no event of the refused groupcall " + groupcallId + ": " + tap.received());
        }
    }

    @Test
    void aFlowManagerThatFailsMayHaveMadeTheFlowSoItIsDeletedWithTheGroupcallEnded() throws Exception {
        AtomicReference<String> requested = new AtomicReference<>();
        try (StandInService flows = new StandInService("flow-manager", r -> {
            if ("POST".equals(r.method())) {
                requested.set(r.data() != null && r.data().path("id").isTextual() ? r.data().get("id").asText() : null);
                return StandInService.error(503, "UNAVAILABLE", "SERVICE_BUSY", "Busy.");
            }
            return StandInService.ok(Map.of());
        })) {
            ServiceException failed = assertThrows(ServiceException.class,
                    () -> groupcalls.create(request(UUID.randomUUID())));
            assertEquals("SERVICE_BUSY", failed.error().reason());
            assertNotNull(requested.get(), "the flow was asked for under a chosen id");
            assertTrue(flows.received().stream().anyMatch(r -> "DELETE".equals(r.method())
                    && r.uri().equals("/v1/flows/" + requested.get())), "deleted in case it was made: "
                    + flows.received());
            assertEquals("hangup", row(requested.get())[0], "the groupcall naming it is ended");
        }
    }

    /** Inline actions and a destination that is never dialed (the flow is refused first). */
    private static GroupcallRequest request(UUID customer) {
        return new GroupcallRequest(customer, Ids.NIL,
                Json.MAPPER.valueToTree(List.of(Map.of("type", "answer"), Map.of("type", "hangup"))),
                new Address("tel", "+14155551234", "", "", ""),
                List.of(new Address("sip", "+821012345678@127.0.0.1:5999", "", "", "")),
                Groupcall.RING_ALL, "", "no", new CallMetadata(List.of(), null, true, null, null), Ids.NIL, Ids.NIL);
    }

    private String groupcallNaming(String flowId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select id from groupcall where flow_id = ?::uuid")) {
            ps.setString(1, flowId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "a groupcall names the flow");
                return rs.getString(1);
            }
        }
    }

    /** What the sweep of a dead or restarted instance reads: the live groupcall naming the flow, and its owner. */
    private String rowNaming(String flowId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select status, owner_instance from groupcall"
                     + " where flow_id = ?::uuid")) {
            ps.setString(1, flowId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + ", owned by " + rs.getString(2) : "no groupcall names the flow";
            }
        } catch (SQLException e) {
            return "database: " + e.getMessage();
        }
    }

    /** status, tm_delete, hangup_cause and the number of legs of the groupcall naming the flow. */
    private String[] row(String flowId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select status, tm_delete::text, hangup_cause,"
                     + " jsonb_array_length(call_ids)::text from groupcall where flow_id = ?::uuid")) {
            ps.setString(1, flowId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "a groupcall names the flow " + flowId);
                return new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)};
            }
        }
    }
}
