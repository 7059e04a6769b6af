package io.provtest.route.providercall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a 409 REQUEST_IN_PROGRESS tells its client to come back ({@link ProviderCallService#retryHint}). */
class InProgressRetryHintTest {

    private static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");

    @Test
    void aRecordReconcilableLaterThanTheCapIsRetriedAtTheCap() {
        assertEquals(5, ProviderCallService.retryHint(NOW, NOW.plusSeconds(30)));
    }

    @Test
    void aRecordReconcilableSoonerIsRetriedWhenItCanBeReconciledRoundedUp() {
        assertEquals(3, ProviderCallService.retryHint(NOW, NOW.plusMillis(2_200)));
        assertEquals(2, ProviderCallService.retryHint(NOW, NOW.plusSeconds(2)));
    }

    @Test
    void theHintIsNeverBelowOneSecond() {
        assertEquals(1, ProviderCallService.retryHint(NOW, NOW.plusMillis(100)));
        assertEquals(1, ProviderCallService.retryHint(NOW, NOW));
        assertEquals(1, ProviderCallService.retryHint(NOW, NOW.minusSeconds(10)));
    }
}
