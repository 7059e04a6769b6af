package io.provtest.route.providercall;

import java.util.List;
import java.util.UUID;

/**
 * What the report's announcement needs of a settled provider call: whether it may have a final report, what to ask
 * call-manager for, and whose it is. Taken from the record in hand (after a settle) or from the row that matched a
 * hang-up, so the announcement does not read the record again.
 */
record SettledRecord(UUID id, UUID customerId, UUID providerId, String status, List<UUID> callIds,
                     List<UUID> groupcallIds) {

    static SettledRecord of(ProviderCall p) {
        return new SettledRecord(p.id(), p.customerId(), p.providerId(), p.status(), p.callIds(), p.groupcallIds());
    }

    /** The same record once settled with {@code status} and what it placed. */
    static SettledRecord of(ProviderCall p, String status, List<UUID> callIds, List<UUID> groupcallIds) {
        return new SettledRecord(p.id(), p.customerId(), p.providerId(), status, callIds, groupcallIds);
    }

    /** Pure: a record may have a final report once it settled and placed at least one call or groupcall. */
    boolean mayHaveReport() {
        return !ProviderCall.PENDING.equals(status) && (!callIds.isEmpty() || !groupcallIds.isEmpty());
    }
}
