package io.provtest.call.call;

import io.provtest.common.api.route.CallAllowance;
import io.provtest.common.api.route.CallAllowanceQuery;
import io.provtest.common.api.route.CallBillingApi;
import io.provtest.common.db.Db;
import io.provtest.common.model.Address;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Asks billing (route-manager) how long an answered call may last on its customer's balance. Off the calls' lanes
 * (it waits on RPC and the database). First alone: a free call (the default plan prices everything at 0) costs one
 * RPC and no read. A priced one is asked again with the customer's other answered calls still up (from the shared
 * call rows, so every replica's count), which share the balance with it.
 *
 * <p>A destination found free for a customer is remembered for {@link #FREE_FOR} (its balance cannot cut it): the
 * platform's usual calls then cost no RPC at all, which at 150 calls/s was 150 round trips a second through
 * route-manager on a machine already short of CPU. A {@code billing_account_updated} of the customer (a new plan)
 * forgets its entries at once; an edit of a plan's rates is seen within {@link #FREE_FOR}.
 */
@Singleton
public class CallAllowances {

    /** At most this many other calls are sent: beyond it the balance is long gone or the plan is nearly free. */
    static final int MAX_OTHERS = 1000;
    static final Duration FREE_FOR = Duration.ofSeconds(10);
    /** Beyond this many remembered destinations the memory is cleared (a bound, not an eviction policy). */
    static final int MAX_REMEMBERED = 10_000;

    private record Key(UUID customerId, Address destination) {
    }

    private final CallBillingApi billing;
    private final CallRepository calls;
    private final LongSupplier clock;
    private final Map<Key, Remembered> free = new ConcurrentHashMap<>();

    private record Remembered(CallAllowance allowance, long until) {
    }

    @Inject
    public CallAllowances(CallBillingApi billing, CallRepository calls) {
        this(billing, calls, System::nanoTime);
    }

    CallAllowances(CallBillingApi billing, CallRepository calls, LongSupplier clock) {
        this.billing = billing;
        this.calls = calls;
        this.clock = clock;
    }

    /** The customer's plan or balance changed: what was remembered as free for it is asked again. */
    public void forget(UUID customerId) {
        free.keySet().removeIf(k -> k.customerId().equals(customerId));
    }

    public CallAllowance ask(Call call) {
        Key key = new Key(call.customerId(), call.destination());
        Remembered known = free.get(key);
        long now = clock.getAsLong();
        if (known != null && now - known.until() < 0) {
            return known.allowance();
        }
        CallAllowance alone = billing.allowance(new CallAllowanceQuery(call.customerId(), call.id(),
                call.destination(), call.tmProgressing(), List.of()));
        if (alone.maxSeconds() == null) {
            if (free.size() >= MAX_REMEMBERED) {
                free.clear();
            }
            free.put(key, new Remembered(alone, now + FREE_FOR.toNanos()));
            return alone;
        }
        free.remove(key);
        List<Call> others = Db.read(() -> calls.answeredLiveOf(call.customerId(), call.id(), MAX_OTHERS));
        if (others.isEmpty()) {
            return alone;
        }
        return billing.allowance(new CallAllowanceQuery(call.customerId(), call.id(), call.destination(),
                call.tmProgressing(), others.stream()
                .map(o -> new CallAllowanceQuery.LiveCall(o.destination(), o.tmProgressing())).toList()));
    }
}
