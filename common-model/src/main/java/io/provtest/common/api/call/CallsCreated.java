package io.provtest.common.api.call;

import io.provtest.common.model.DestinationOutcome;
import java.util.List;
import java.util.UUID;

/**
 * The reply of {@code POST /v1/calls}: what each destination came to (a call, a groupcall or a typed error), and the
 * ids of what was placed (the full records are call-manager's and go to the public API through the gateway).
 */
public record CallsCreated(List<Placed> calls, List<Placed> groupcalls, List<DestinationOutcome> outcomes) {

    public record Placed(UUID id) {
    }
}
