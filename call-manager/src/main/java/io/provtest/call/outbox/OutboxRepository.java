package io.provtest.call.outbox;

import io.provtest.common.db.WireColumns;
import io.provtest.common.event.EventEnvelope;
import io.provtest.common.json.Json;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The outbox table: rows are added inside the change's transaction ({@link io.provtest.call.call.CallWriter} adds the
 * engine's in its batches); the relay in {@link Outbox} sends them as handed over after commit, and reads (when due)
 * and clears the rows on the reactive client directly.
 */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, Long> {

    private static final WireColumns.Tree DATA = new WireColumns.Tree();

    /** Stores the event; yields it as the relay sends it (its number, and its data as the text stored). */
    Uni<OutboxEvent> add(String instanceId, String type, String requestId, Object data) {
        OutboxEntity row = new OutboxEntity();
        row.instanceId = instanceId;
        row.type = type;
        row.requestId = requestId;
        row.data = Json.tree(data);
        row.customerId = EventEnvelope.customerOf(row.data);
        row.tmCreate = Instant.now();
        return persist(row).map(stored -> new OutboxEvent(row.seq, type, requestId,
                DATA.convertToDatabaseColumn(row.data), row.customerId));
    }
}
