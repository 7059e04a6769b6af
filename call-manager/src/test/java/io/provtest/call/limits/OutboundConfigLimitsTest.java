package io.provtest.call.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OutboundConfigLimitsTest {

    private static final OutboundRules.Limits DEFAULTS = new OutboundRules.Limits(200, 2000);
    private static final UUID CUSTOMER = UUID.randomUUID();

    @Test
    void aCustomersConfigOnlyTightensThePlatformsDefaults() {
        assertEquals(new OutboundRules.Limits(3, 2000),
                OutboundRules.effective(DEFAULTS, new OutboundRules.Limits(3, 0)));
        // a tenant's admin cannot raise its own ceiling above the platform's
        assertEquals(new OutboundRules.Limits(200, 10),
                OutboundRules.effective(DEFAULTS, new OutboundRules.Limits(500, 10)));
        // with the platform's per-customer limit off, the customer's own applies
        assertEquals(new OutboundRules.Limits(7, 0),
                OutboundRules.effective(new OutboundRules.Limits(0, 0), new OutboundRules.Limits(7, 0)));
    }

    @Test
    void theConfigIsAskedOncePerCustomerWithinItsLifetimeAndAgainAfter() {
        AtomicInteger asked = new AtomicInteger();
        AtomicLong now = new AtomicLong(1_000);
        OutboundConfigLimits limits = new OutboundConfigLimits(id -> {
            asked.incrementAndGet();
            return new OutboundRules.Limits(3, 5);
        }, DEFAULTS, now::get);
        assertEquals(new OutboundRules.Limits(3, 5), limits.limitsFor(CUSTOMER));
        now.addAndGet(OutboundConfigLimits.TTL_MS - 1);
        limits.limitsFor(CUSTOMER);
        assertEquals(1, asked.get());
        now.addAndGet(1);
        limits.limitsFor(CUSTOMER);
        assertEquals(2, asked.get());
    }

    @Test
    void routeManagerAwayMeansThePlatformsDefaultsAndAskingAgainNextTime() {
        AtomicReference<ServiceException> failure = new AtomicReference<>(
                new ServiceException(ErrorStatus.UNAVAILABLE, "UNAVAILABLE", "route-manager did not answer"));
        AtomicInteger asked = new AtomicInteger();
        OutboundConfigLimits limits = new OutboundConfigLimits(id -> {
            asked.incrementAndGet();
            if (failure.get() != null) {
                throw failure.get();
            }
            return new OutboundRules.Limits(1, 1);
        }, DEFAULTS, () -> 0L);
        assertEquals(DEFAULTS, limits.limitsFor(CUSTOMER));
        failure.set(null);
        assertEquals(new OutboundRules.Limits(1, 1), limits.limitsFor(CUSTOMER));
        assertEquals(2, asked.get());
    }
}
