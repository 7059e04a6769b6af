package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.provtest.common.api.route.CallAllowance;
import io.provtest.common.api.route.CallAllowanceQuery;
import io.provtest.common.api.route.CallBillingApi;
import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Free destinations are remembered for a while, per customer, so the usual free call costs billing no round trip. */
class CallAllowancesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private final List<CallAllowanceQuery> asked = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final CallBillingApi free = query -> {
        asked.add(query);
        return new CallAllowance(null, BigDecimal.ZERO, "USD", null, null, 60, BigDecimal.ZERO);
    };
    private final CallAllowances allowances = new CallAllowances(free, null, now::get);

    private static Call answered(UUID customer, String target) {
        return new Call(UUID.randomUUID(), customer, Ids.NIL, Ids.NIL, Call.TYPE_FLOW, Ids.NIL, Ids.NIL,
                null, new Address("tel", target, "", "", ""), CallStatus.PROGRESSING, Map.of(), null,
                Call.OUTGOING, "", "", "", Ids.NIL, Ids.NIL, "", null, "", null, null, null, T0, null, T0, null, null,
                "auto", List.of(), "cm-1");
    }

    @Test
    void aFreeDestinationIsAskedOnceWithinItsTimeAndAgainAfter() {
        UUID customer = UUID.randomUUID();
        assertNull(allowances.ask(answered(customer, "+821012345678")).maxSeconds());
        assertNull(allowances.ask(answered(customer, "+821012345678")).maxSeconds());
        assertEquals(1, asked.size(), "the second call of the same customer and destination asked nobody");

        now.addAndGet(CallAllowances.FREE_FOR.toNanos());
        allowances.ask(answered(customer, "+821012345678"));
        assertEquals(2, asked.size(), "asked again once the time is over");
    }

    @Test
    void anotherDestinationOrCustomerIsAskedOnItsOwn() {
        UUID customer = UUID.randomUUID();
        allowances.ask(answered(customer, "+821012345678"));
        allowances.ask(answered(customer, "+14155550100"));
        allowances.ask(answered(UUID.randomUUID(), "+821012345678"));
        assertEquals(3, asked.size());
    }

    @Test
    void aBillingEventOfTheCustomerForgetsItsFreeDestinationsOnly() {
        UUID customer = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        allowances.ask(answered(customer, "+821012345678"));
        allowances.ask(answered(other, "+821012345678"));
        allowances.forget(customer);
        allowances.ask(answered(customer, "+821012345678"));
        allowances.ask(answered(other, "+821012345678"));
        assertEquals(3, asked.size(), "the customer is asked again, the other one is not");
    }

    @Test
    void theCallsSharingTheBalanceAreThisInstancesAnsweredOnesOfTheCustomerThenTheStoredOthersEachOnce() {
        UUID customer = UUID.randomUUID();
        Call call = answered(customer, "+821012345678");
        Call here = answered(customer, "+821012345679");
        Call elsewhere = answered(customer, "+821012345670");
        Call otherCustomer = answered(UUID.randomUUID(), "+821012345678");
        // the row of the call answered here a moment ago is not written yet; the stored rows hold the asking call's
        assertEquals(List.of(here, elsewhere), CallAllowances.sharing(call, List.of(call, here, otherCustomer),
                List.of(elsewhere)));
        assertEquals(List.of(here, elsewhere), CallAllowances.sharing(call, List.of(here), List.of(here, elsewhere)),
                "once, though both know it");
    }
}
