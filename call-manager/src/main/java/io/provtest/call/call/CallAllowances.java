package io.provtest.call.call;

import io.provtest.common.api.route.CallAllowance;
import io.provtest.common.api.route.CallAllowanceQuery;
import io.provtest.common.api.route.CallBillingApi;
import io.provtest.common.db.Db;
import io.provtest.common.model.Address;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>The other calls are this instance's answered calls of the customer as the engine knows them (kept here from
 * answer to end, {@link #answered}), then the shared rows of the others: the rows are written behind the signalling,
 * so a call answered here a moment ago may not be in them yet, and when it answered it has the customer's other
 * calls here judged again with it counted (CallLifecycle), which must then see it.
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
    /** This instance's answered calls still up, by id. */
    private final Map<UUID, Call> answeredHere = new ConcurrentHashMap<>();

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

    /** An answered call of this instance (from its lane, before it is judged). */
    public void answered(Call call) {
        answeredHere.put(call.id(), call);
    }

    /** A call of this instance ended. */
    public void ended(UUID callId) {
        answeredHere.remove(callId);
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
        List<Call> stored = Db.read(() -> calls.answeredLiveOf(call.customerId(), call.id(), MAX_OTHERS));
        List<Call> others = sharing(call, answeredHere.values(), stored);
        if (others.isEmpty()) {
            return alone;
        }
        return billing.allowance(new CallAllowanceQuery(call.customerId(), call.id(), call.destination(),
                call.tmProgressing(), others.stream()
                .map(o -> new CallAllowanceQuery.LiveCall(o.destination(), o.tmProgressing())).toList()));
    }

    /**
     * The calls that share {@code call}'s balance, each once, at most {@link #MAX_OTHERS}: the customer's answered
     * calls of this instance (the engine's own view, ahead of the rows), then the stored ones not among them. Pure.
     */
    static List<Call> sharing(Call call, Collection<Call> here, List<Call> stored) {
        List<Call> others = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        seen.add(call.id());
        for (Call c : here) {
            if (call.customerId().equals(c.customerId()) && c.tmProgressing() != null && seen.add(c.id())) {
                others.add(c);
            }
        }
        for (Call c : stored) {
            if (seen.add(c.id())) {
                others.add(c);
            }
        }
        return others.size() > MAX_OTHERS ? others.subList(0, MAX_OTHERS) : others;
    }
}
