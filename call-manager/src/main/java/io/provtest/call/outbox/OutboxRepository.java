package io.provtest.call.outbox;

import io.provtest.common.json.Json;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The outbox table: rows are added inside the change's transaction, read oldest first, deleted once confirmed. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, Long> {

    Uni<Void> add(String instanceId, String type, String requestId, Object data) {
        OutboxEntity row = new OutboxEntity();
        row.instanceId = instanceId;
        row.type = type;
        row.requestId = requestId;
        row.data = Json.tree(data);
        row.tmCreate = Instant.now();
        return persist(row).replaceWithVoid();
    }

    Uni<List<OutboxEvent>> oldest(String instanceId, int limit) {
        return find("instanceId", Sort.by("seq"), instanceId).range(0, limit - 1).list()
                .map(rows -> rows.stream().map(OutboxEntity::toEvent).toList());
    }

    Uni<Long> remove(List<Long> seqs) {
        return delete("seq in ?1", seqs);
    }
}
