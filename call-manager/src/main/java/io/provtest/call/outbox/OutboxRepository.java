package io.provtest.call.outbox;

import io.provtest.common.event.EventEnvelope;
import io.provtest.common.json.Json;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The outbox table: rows are added inside the change's transaction (the relay in {@link Outbox} reads and clears them
 * on the reactive client directly; {@link io.provtest.call.call.CallWriter} adds the engine's in its batches).
 */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, Long> {

    Uni<Void> add(String instanceId, String type, String requestId, Object data) {
        OutboxEntity row = new OutboxEntity();
        row.instanceId = instanceId;
        row.type = type;
        row.requestId = requestId;
        row.data = Json.tree(data);
        row.customerId = EventEnvelope.customerOf(row.data);
        row.tmCreate = Instant.now();
        return persist(row).replaceWithVoid();
    }
}
