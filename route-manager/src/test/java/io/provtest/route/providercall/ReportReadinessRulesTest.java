package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

    private static SettledRecord record(String status, List<UUID> callIds, List<UUID> groupcallIds) {
        return new SettledRecord(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), status, callIds,
                groupcallIds);
    }
}
