package io.provtest.common.api.call;

import io.provtest.common.model.DestinationOutcome;
import java.util.List;
import java.util.UUID;

/**
 * The reply of {@code POST /v1/calls}: what each destination came to (a call, a groupcall or a typed error), and the
 * ids of what was placed (the full records are call-manager's and go to the public API through the gateway).
 */
public record CallsCreated(List<Placed> calls, List<Placed> groupcalls, List<DestinationOutcome> outcomes) {

    /**
     * A placed call or groupcall: its id, and the provider call that placed it when call-manager tagged it (its
     * {@code metadata.providercall_id}, which its events carry too). A call-manager older than the tag leaves it out.
     */
    public record Placed(UUID id, Metadata metadata) {

        /** Whether this call or groupcall carries {@code providercallId}, so its hang-up event names the record. */
        public boolean taggedWith(UUID providercallId) {
            return metadata != null && providercallId.equals(metadata.providercallId());
        }
    }

    public record Metadata(UUID providercallId) {
    }
}
