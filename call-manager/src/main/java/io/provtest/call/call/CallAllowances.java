package io.provtest.call.call;

import io.provtest.common.api.route.CallAllowance;
import io.provtest.common.api.route.CallAllowanceQuery;
import io.provtest.common.api.route.CallBillingApi;
import io.provtest.common.db.Db;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Asks billing (route-manager) how long an answered call may last on its customer's balance. Off the calls' lanes
 * (it waits on RPC and the database). First alone: a free call (the default plan prices everything at 0) costs one
 * RPC and no read, so the platform's usual calls pay almost nothing for the check. A priced one is asked again with
 * the customer's other answered calls still up (from the shared call rows, so every replica's count), which share
 * the balance with it.
 */
@Singleton
public class CallAllowances {

    /** At most this many other calls are sent: beyond it the balance is long gone or the plan is nearly free. */
    static final int MAX_OTHERS = 1000;

    private final CallBillingApi billing;
    private final CallRepository calls;

    public CallAllowances(CallBillingApi billing, CallRepository calls) {
        this.billing = billing;
        this.calls = calls;
    }

    public CallAllowance ask(Call call) {
        CallAllowance alone = billing.allowance(new CallAllowanceQuery(call.customerId(), call.id(),
                call.destination(), call.tmProgressing(), List.of()));
        if (alone.maxSeconds() == null) {
            return alone;
        }
        List<Call> others = Db.read(() -> calls.answeredLiveOf(call.customerId(), call.id(), MAX_OTHERS));
        if (others.isEmpty()) {
            return alone;
        }
        return billing.allowance(new CallAllowanceQuery(call.customerId(), call.id(), call.destination(),
                call.tmProgressing(), others.stream()
                .map(o -> new CallAllowanceQuery.LiveCall(o.destination(), o.tmProgressing())).toList()));
    }
}
