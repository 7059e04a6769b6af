package io.provtest.call.groupcall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.call.CallMetadata;
import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sipp;
import io.provtest.testing.StandInService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Placing a groupcall's legs asks other services; a leg that answers meanwhile must not wait for those answers.
 * A ring_all groupcall of a SIPp carrier that answers after 1 s and an agent whose lookup (a stand-in gateway on
 * the real broker) takes 2 s: the carrier's leg is answered (progressing, and the groupcall's answer) while the
 * agent's lookup is still running, not after the placing is over.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class GroupcallPlacementTest {

    @Inject
    GroupcallService groupcalls;

    @Inject
    DataSource dataSource;

    @Test
    void aLegAnswersWhileAnotherLegsLookupIsStillRunning() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID agent = UUID.randomUUID();
        try (Sipp carrier = Sipp.uas(Path.of("src/test/resources/sipp/uas_ring_answer_bye.xml"), 1, "-d", "3000");
             StandInService gateway = new StandInService("api-gateway", request -> {
                 sleep(2000);
                 // an agent without addresses: its leg fails once the slow answer is in
                 return StandInService.ok(Map.of("id", agent.toString(), "customer_id", customer.toString(),
                         "addresses", List.of(), "ring_method", "ring_all", "deleted", false));
             })) {
            GroupcallRequest request = new GroupcallRequest(customer, Ids.NIL, null,
                    new Address("tel", "+14155551234", "", "", ""),
                    List.of(new Address("sip", "+821012345678@" + carrier.hostPort(), "", "", ""),
                            new Address("agent", agent.toString(), "", "", "")),
                    Groupcall.RING_ALL, "", "no", new CallMetadata(List.of(), null, true, null, null), Ids.NIL, Ids.NIL);
            long start = System.currentTimeMillis();
            CompletableFuture<Groupcall> placed = CompletableFuture.supplyAsync(() -> groupcalls.create(request));
            Groupcall g = placed.get(15, TimeUnit.SECONDS);
            long placingMs = System.currentTimeMillis() - start;
            assertTrue(placingMs >= 1900, "the agent lookup held the placing for 2 s: " + placingMs + " ms; " + g
                    + "; the gateway stand-in received " + gateway.received());
            assertEquals(1, g.callIds().size(), g.toString());
            assertEquals(1, g.errors().size(), "the agent without addresses is the second leg's error: " + g);

            Timestamp[] leg = callTimes(g.callIds().get(0));
            long deadline = System.currentTimeMillis() + 5_000;
            while (leg[1] == null && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
                leg = callTimes(g.callIds().get(0));
            }
            Timestamp created = leg[0];
            Timestamp answered = leg[1];
            assertNotNull(answered, "the leg was answered");
            long answerMs = answered.getTime() - created.getTime();
            // answered 1 s after the INVITE; waiting for the placing would make it 2 s at least
            assertTrue(answerMs < 1700, "the leg's answer waited " + answerMs + " ms for the placing");
            assertEquals(g.callIds().get(0), g.answerCallId(), "the groupcall took the leg's answer: " + g);
            assertEquals(0, carrier.awaitExit(20), carrier.describe());
        }
    }

    private static Object sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** The leg's tm_create and tm_progressing (null until answered). */
    private Timestamp[] callTimes(UUID id) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select tm_create, tm_progressing from call where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return new Timestamp[] {rs.getTimestamp(1), rs.getTimestamp(2)};
            }
        }
    }
}
