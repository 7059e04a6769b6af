package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.api.call.CallsCreated;
import io.provtest.common.json.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReportReadinessRulesTest {

    @Test
    void aRecordHasAFinalReportOnlyOnceSettledWithSomethingPlaced() {
        List<UUID> one = List.of(UUID.randomUUID());
        assertFalse(record(ProviderCall.PENDING, one, List.of()).mayHaveReport(), "still placing its calls");
        assertTrue(record(ProviderCall.CREATED, one, List.of()).mayHaveReport());
        assertTrue(record(ProviderCall.CREATED, List.of(), one).mayHaveReport(), "a groupcall only");
        assertTrue(record(ProviderCall.FAILED, one, List.of()).mayHaveReport(), "interrupted, with calls on record");
        assertFalse(record(ProviderCall.FAILED, List.of(), List.of()).mayHaveReport(), "nothing placed: no report");
    }

    @Test
    void aRecordsCallsNameItOnlyWhenEveryCallAndGroupcallCarriesItsId() {
        UUID record = UUID.randomUUID();
        CallsCreated.Placed tagged = new CallsCreated.Placed(UUID.randomUUID(), new CallsCreated.Metadata(record));
        CallsCreated.Placed untagged = new CallsCreated.Placed(UUID.randomUUID(), null);
        CallsCreated.Placed another = new CallsCreated.Placed(UUID.randomUUID(),
                new CallsCreated.Metadata(UUID.randomUUID()));
        assertTrue(ReportReadiness.callsNameIt(record, answer(List.of(tagged), List.of(tagged))),
                "every call and groupcall names the record: their hang-ups look");
        assertFalse(ReportReadiness.callsNameIt(record, answer(List.of(tagged, untagged), List.of())),
                "a call-manager older than the tag");
        assertFalse(ReportReadiness.callsNameIt(record, answer(List.of(), List.of(another))),
                "a groupcall tagged with another record");
        assertFalse(ReportReadiness.callsNameIt(record, answer(null, null)), "nothing listed shows no tag");
    }

    @Test
    void aSettledRecordIsLookedAtOnlyWhenAHangupMarkedItOrItsCallsDoNotNameIt() {
        assertFalse(ReportReadiness.looksAfterSettle(false, true), "its hang-ups will look");
        assertTrue(ReportReadiness.looksAfterSettle(true, true), "a hang-up came while it was pending");
        assertTrue(ReportReadiness.looksAfterSettle(false, false), "its hang-ups name no record");
    }

    @Test
    void aHangupNamesItsProviderCallThroughItsMetadata() {
        UUID record = UUID.randomUUID();
        assertEquals(record, ReportReadiness.placedBy(Json.tree(Map.of("id", UUID.randomUUID().toString(),
                "metadata", Map.of("providercall_id", record.toString(), "rtp_debug", true)))));
        assertNull(ReportReadiness.placedBy(Json.tree(Map.of("metadata", Map.of("rtp_debug", true)))));
        assertNull(ReportReadiness.placedBy(Json.tree(Map.of("metadata", Map.of("providercall_id", "pc-1")))));
        assertNull(ReportReadiness.placedBy(Json.tree(Map.of("id", "x"))));
    }

    @Test
    void theCallsAreTaggedWithTheirProviderCallUnlessSwitchedOffForAnUpgrade() {
        UUID provider = UUID.randomUUID();
        UUID record = UUID.randomUUID();
        assertEquals(record, ProviderCallClients.metadata(provider, record, true).providercallId());
        assertEquals(List.of(provider), ProviderCallClients.metadata(provider, record, true).routeProviderIds());
        // untagged, an older call-manager takes the request, and every settle looks at the report again
        assertNull(ProviderCallClients.metadata(provider, record, false).providercallId());
        assertFalse(Json.tree(ProviderCallClients.metadata(provider, record, false)).has("providercall_id"),
                "the key is left out of the request, not sent as null");
    }

    private static CallsCreated answer(List<CallsCreated.Placed> calls, List<CallsCreated.Placed> groupcalls) {
        return new CallsCreated(calls, groupcalls, List.of());
    }

    private static SettledRecord record(String status, List<UUID> callIds, List<UUID> groupcallIds) {
        return new SettledRecord(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), status, callIds,
                groupcallIds);
    }
}
