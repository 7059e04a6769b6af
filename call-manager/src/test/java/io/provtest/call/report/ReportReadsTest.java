package io.provtest.call.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.call.CallStatus;
import io.provtest.call.sip.SipMessageRecord;
import io.provtest.call.sip.SipTraceRecorder;
import io.provtest.testing.InfraResource;
import io.provtest.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The report's reads on the reactive client, against rows written straight into the real database: the calls in the
 * order asked then a groupcall's legs in the order placed, the columns a report judges, a groupcall still up, and
 * several traces in one statement in the same order as the single-trace read (Hibernate) that the call's own SIP
 * message endpoint uses.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class ReportReadsTest {

    private static final UUID NIL = new UUID(0, 0);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Inject
    ReportReads reads;

    @Inject
    SipTraceRecorder trace;

    @Inject
    DataSource dataSource;

    @Test
    void theCallsAskedComeInTheirOrderThenTheGroupcallsLegsInTheOrderPlacedWithTheColumnsJudged() throws Exception {
        UUID direct = UUID.randomUUID();
        UUID missing = UUID.randomUUID();
        UUID groupcall = UUID.randomUUID();
        UUID firstLeg = UUID.randomUUID();
        UUID secondLeg = UUID.randomUUID();
        insertGroupcall(groupcall, "progressing");
        insertCall(secondLeg, groupcall, "hangup", T0.plusSeconds(2), null);
        insertCall(direct, null, "hangup", T0.plusSeconds(5),
                "{\"packets_sent\": 150, \"packets_received\": 148, \"jitter_ms\": 1.5}");
        insertCall(firstLeg, groupcall, "progressing", T0.plusSeconds(1), null);

        ReportReads.Calls found = reads.calls(List.of(direct, missing), List.of(groupcall)).await().atMost(WAIT);

        assertEquals(List.of(direct, firstLeg, secondLeg), found.calls().stream().map(ReportedCall::id).toList());
        assertTrue(found.groupcallLive(), "the groupcall is still up");
        ReportedCall call = found.calls().get(0);
        assertEquals(CallStatus.HANGUP, call.status());
        assertEquals("normal", call.hangupReason());
        assertEquals(200, call.sipStatusCode());
        assertEquals("OK", call.sipReason());
        assertEquals(150, call.rtpStats().path("packets_sent").asInt());
        assertEquals(T0.plusSeconds(6), call.tmProgressing());
        assertEquals(T0.plusSeconds(9), call.tmHangup());
        assertNull(call.tmRinging());
        assertNull(found.calls().get(1).rtpStats());

        setGroupcallStatus(groupcall, "hangup");
        ReportReads.Calls ended = reads.calls(List.of(), List.of(groupcall)).await().atMost(WAIT);
        assertFalse(ended.groupcallLive());
        assertEquals(List.of(firstLeg, secondLeg), ended.calls().stream().map(ReportedCall::id).toList());
        assertTrue(reads.calls(List.of(missing), List.of()).await().atMost(WAIT).calls().isEmpty());
    }

    @Test
    void severalTracesInOneStatementAreEachInTheSingleReadsCausalOrder() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID silent = UUID.randomUUID();
        // within one millisecond a response received is logged before the INVITE that caused it: the INVITE is first
        insertMessage(a, T0, "received", "SIP/2.0 100 Trying");
        insertMessage(a, T0, "sent", "INVITE sip:100@carrier SIP/2.0");
        insertMessage(a, T0.plusMillis(40), "received", "SIP/2.0 200 OK");
        insertMessage(a, T0.plusMillis(40), "sent", "ACK sip:100@carrier SIP/2.0");
        insertMessage(b, T0.plusMillis(5), "sent", "INVITE sip:200@carrier SIP/2.0");
        insertMessage(b, T0.plusMillis(3), "sent", "OPTIONS sip:200@carrier SIP/2.0");

        Map<UUID, List<SipMessageRecord>> traces = trace.traces(List.of(a, b, silent)).await().atMost(WAIT);

        assertEquals(List.of("INVITE sip:100@carrier SIP/2.0", "SIP/2.0 100 Trying", "SIP/2.0 200 OK",
                "ACK sip:100@carrier SIP/2.0"), traces.get(a).stream().map(SipMessageRecord::firstLine).toList());
        assertEquals(trace.messages(a), traces.get(a));
        assertEquals(trace.messages(b), traces.get(b));
        assertEquals(T0.plusMillis(3), traces.get(b).get(0).tm());
        assertFalse(traces.containsKey(silent), "a call without messages has no entry");
    }

    private void insertCall(UUID id, UUID groupcall, String status, Instant created, String rtpStats) throws Exception {
        Sql.update(dataSource, "insert into call_manager.call (id, customer_id, flow_id, activeflow_id, type,"
                        + " master_call_id, groupcall_id, destination, status, direction, dialroute_id, provider_id,"
                        + " owner_instance, hangup_reason, sip_status_code, sip_reason, rtp_stats, tm_progressing,"
                        + " tm_hangup, tm_create) values (?, ?, ?, ?, 'flow', ?, ?, '{}'::jsonb, ?, 'outgoing', ?, ?,"
                        + " 'test', 'normal', 200, 'OK', cast(? as jsonb), ?, ?, ?)",
                id, UUID.randomUUID(), NIL, NIL, NIL, groupcall == null ? NIL : groupcall, status, NIL, NIL, rtpStats,
                Timestamp.from(created.plusSeconds(1)), Timestamp.from(created.plusSeconds(4)), Timestamp.from(created));
    }

    private void insertGroupcall(UUID id, String status) throws Exception {
        Sql.update(dataSource, "insert into call_manager.groupcall (id, customer_id, flow_id, status, destinations,"
                        + " ring_method, answer_method, master_call_id, master_groupcall_id, answer_call_id,"
                        + " answer_groupcall_id, owner_instance, tm_create) values (?, ?, ?, ?, '[]'::jsonb, 'ringall',"
                        + " 'hangup_others', ?, ?, ?, ?, 'test', now())",
                id, UUID.randomUUID(), NIL, status, NIL, NIL, NIL, NIL);
    }

    private void setGroupcallStatus(UUID id, String status) throws Exception {
        Sql.update(dataSource, "update call_manager.groupcall set status = ? where id = ?", status, id);
    }

    private void insertMessage(UUID callId, Instant tm, String direction, String firstLine) throws Exception {
        Sql.update(dataSource, "insert into call_manager.sip_message (call_id, sip_call_id, tm, direction, local_addr,"
                        + " remote_addr, first_line, raw) values (?, ?, ?, ?, '127.0.0.1:5080', '127.0.0.1:5060', ?, ?)",
                callId, "sip-" + callId, Timestamp.from(tm), direction, firstLine, firstLine + "\r\n\r\n");
    }
}
