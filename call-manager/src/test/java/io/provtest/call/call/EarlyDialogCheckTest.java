package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.testing.Await;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sipp;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The calls the benchmark left live (bench/README.md, "Calls left live"): the carrier answered later than 500 ms, so
 * our stack had sent the INVITE again, and the carrier dropped the call without a BYE. Such a call is asked about its
 * dialog one second after the answer and ended within seconds when nothing answers, instead of at the regular check a
 * minute later (or the hour's maximum); a carrier as slow that keeps the call answers the check and keeps it. Real
 * SIPp carriers, real PostgreSQL and RabbitMQ.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class EarlyDialogCheckTest {

    private static final Path SCENARIOS = Path.of("src/test/resources/sipp");

    @Inject
    CallService calls;

    @Inject
    DataSource dataSource;

    @Test
    void aCallTheCarrierDroppedAfterALateAnswerEndsWithinSeconds() throws Exception {
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_slow_answer_drop.xml"), 1)) {
            UUID id = TestCalls.placeTo(calls, carrier);
            Await.until(Duration.ofSeconds(5), "the late answer is stored",
                    () -> "progressing".equals(column(id, "status")));
            long answeredAt = System.currentTimeMillis();
            Await.until(Duration.ofSeconds(10),
                    "the dropped call ends within seconds of its answer, not at the regular check after 60 s",
                    () -> "hangup".equals(column(id, "status")));
            long endedAfter = System.currentTimeMillis() - answeredAt;
            assertEquals("failed", column(id, "hangup_reason"));
            assertEquals("remote", column(id, "hangup_by"));
            String cause = column(id, "hangup_cause");
            assertTrue(cause.contains("sent again"), cause);
            assertTrue(endedAfter >= 4_000, "the early check waited its 4 s for an answer: " + endedAfter + " ms");
            assertEquals(2, sent(id, "INVITE"), "the stack sent the INVITE again while the carrier was silent");
            assertTrue(sent(id, "OPTIONS") >= 1, "the early check asked the carrier within the dialog");
            assertEquals(0, sent(id, "BYE"), "no BYE into a dialog the carrier has forgotten");
        }
    }

    @Test
    void aCallAsLateThatTheCarrierKeepsStaysUpUntilItIsHungUp() throws Exception {
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_slow_answer_options_bye.xml"), 1)) {
            UUID id = TestCalls.placeTo(calls, carrier);
            Await.until(Duration.ofSeconds(5), "the late answer is stored",
                    () -> "progressing".equals(column(id, "status")));
            Await.until(Duration.ofSeconds(5), "the early check asked the carrier", () -> sent(id, "OPTIONS") >= 1);
            Thread.sleep(6_000); // past the early check's delay and timeout
            assertEquals("progressing", column(id, "status"), "the carrier answered the check: the call goes on");

            calls.hangup(id);
            Await.until(Duration.ofSeconds(10), "our BYE ends the call", () -> "hangup".equals(column(id, "status")));
            assertEquals("normal", column(id, "hangup_reason"));
            assertEquals("local", column(id, "hangup_by"));
            assertEquals(0, carrier.awaitExit(10), "the carrier saw the OPTIONS and the BYE it expected: "
                    + carrier.describe());
        }
    }

    @Test
    void aCallRungAtOnceAndAnsweredLateIsNotAskedEarly() throws Exception {
        // rings at once, answers a second later, hangs up 3 s after our ACK; an OPTIONS it does not expect fails it
        try (Sipp carrier = Sipp.uas(SCENARIOS.resolve("uas_ring_answer_bye.xml"), 1, "-d", "3000")) {
            UUID id = TestCalls.placeTo(calls, carrier);
            Await.until(Duration.ofSeconds(15), "the carrier's BYE ends the call",
                    () -> "hangup".equals(column(id, "status")));
            assertEquals("normal", column(id, "hangup_reason"));
            assertEquals("remote", column(id, "hangup_by"));
            assertEquals(1, sent(id, "INVITE"), "the carrier rang at once: no copy of the INVITE went out");
            assertEquals(0, sent(id, "OPTIONS"), "answered late, but not after a copy: nothing to check early");
            assertEquals(0, carrier.awaitExit(10), "the carrier saw only what it expected: " + carrier.describe());
        }
    }

    /** How many requests of this method our side sent in the call's SIP trace (retransmissions included). */
    private int sent(UUID id, String method) throws Exception {
        return (int) Sql.count(dataSource, "select count(*) from sip_message where call_id = ? and direction = 'sent'"
                + " and first_line like ?", id, method + " %");
    }

    private String column(UUID id, String column) throws Exception {
        return Sql.text(dataSource, "select " + column + " from call where id = ?", id);
    }
}
