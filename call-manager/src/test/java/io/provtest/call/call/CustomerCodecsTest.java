package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CustomerCodecsTest {

    private static final UUID CUSTOMER = UUID.randomUUID();

    @Test
    void theCustomersCodecsAreStoredInTheirOrderAndNoneMeansTheDefaultOffer() {
        assertEquals("PCMA,PCMU", CustomerCodecs.stored(List.of("PCMA", "PCMU")));
        assertEquals("PCMA", CustomerCodecs.stored(List.of("PCMA")));
        assertNull(CustomerCodecs.stored(List.of()));
        assertNull(CustomerCodecs.stored(null));
    }

    @Test
    void askedOncePerCustomerWithinTheLifetimeAndTheDefaultWhenRouteManagerIsAway() {
        AtomicInteger asked = new AtomicInteger();
        AtomicLong now = new AtomicLong(1_000);
        CustomerCodecs codecs = new CustomerCodecs(id -> {
            if (asked.incrementAndGet() == 3) {
                throw new ServiceException(ErrorStatus.UNAVAILABLE, "UNAVAILABLE", "route-manager did not answer");
            }
            return List.of("PCMA");
        }, now::get);
        assertEquals("PCMA", codecs.storedFor(CUSTOMER));
        now.addAndGet(CustomerCodecs.TTL_MS - 1);
        assertEquals("PCMA", codecs.storedFor(CUSTOMER));
        assertEquals(1, asked.get());
        now.addAndGet(1);
        codecs.storedFor(CUSTOMER);
        assertEquals(2, asked.get());
        now.addAndGet(CustomerCodecs.TTL_MS);
        assertNull(codecs.storedFor(CUSTOMER), "route-manager away: the default offer");
        assertEquals("PCMA", codecs.storedFor(CUSTOMER), "asked again next time");
    }
}
