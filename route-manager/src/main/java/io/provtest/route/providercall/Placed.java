package io.provtest.route.providercall;

import io.provtest.common.api.call.CallsCreated;
import io.provtest.common.model.DestinationOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What call-manager's answer to a create-calls request placed: the calls, the groupcalls, one outcome each. */
record Placed(List<UUID> callIds, List<UUID> groupcallIds, List<ProviderCall.Outcome> outcomes) {

    static Placed of(CallsCreated result) {
        List<UUID> callIds = new ArrayList<>();
        List<UUID> groupcallIds = new ArrayList<>();
        List<ProviderCall.Outcome> outcomes = new ArrayList<>();
        for (DestinationOutcome outcome : result.outcomes() == null ? List.<DestinationOutcome>of() : result.outcomes()) {
            if (outcome.callId() != null) {
                callIds.add(outcome.callId());
            }
            if (outcome.groupcallId() != null) {
                groupcallIds.add(outcome.groupcallId());
            }
            outcomes.add(new ProviderCall.Outcome(outcome.destination(), outcome.callId(), outcome.groupcallId(),
                    outcome.error()));
        }
        return new Placed(callIds, groupcallIds, outcomes);
    }

    boolean nothing() {
        return callIds.isEmpty() && groupcallIds.isEmpty();
    }
}
