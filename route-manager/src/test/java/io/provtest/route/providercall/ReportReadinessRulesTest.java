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
        assertFalse(ReportReadiness.ready(ProviderCall.PENDING, one, List.of()), "still placing its calls");
        assertTrue(ReportReadiness.ready(ProviderCall.CREATED, one, List.of()));
        assertTrue(ReportReadiness.ready(ProviderCall.CREATED, List.of(), one), "a groupcall only");
        assertTrue(ReportReadiness.ready(ProviderCall.FAILED, one, List.of()), "interrupted, with calls on record");
        assertFalse(ReportReadiness.ready(ProviderCall.FAILED, List.of(), List.of()), "nothing placed: no report");
    }
}
