package io.provtest.call.health;

import io.provtest.call.call.JsonColumns;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The provider_probe table. Claiming is: make sure every known provider has a row (a native upsert with unnest,
 * PostgreSQL's), lock the due rows that no other replica holds right now (native FOR UPDATE SKIP LOCKED: Panache's
 * reactive queries take no lock hints), move them one interval on. Run in one transaction, so a slot is won by
 * exactly one replica. The id arrays are bound as text and cast: the client would otherwise insist on a UUID[].
 */
@ApplicationScoped
public class ProbeSlots implements PanacheRepositoryBase<ProviderProbeEntity, UUID> {

    Uni<List<UUID>> claimDue(List<UUID> providers, Instant now, Duration interval) {
        String array = providers.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
        String upsert = "insert into " + JsonColumns.SCHEMA + ".provider_probe (provider_id, next_probe_at)"
                + " select unnest(cast(cast(?1 as text) as uuid[])), ?2 on conflict do nothing";
        String due = "select provider_id from " + JsonColumns.SCHEMA + ".provider_probe where next_probe_at <= ?1"
                + " and provider_id = any(cast(cast(?2 as text) as uuid[])) for update skip locked";
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(upsert).setParameter(1, array).setParameter(2, now).executeUpdate()
                        .chain(() -> s.createNativeQuery(due, UUID.class).setParameter(1, now).setParameter(2, array)
                                .getResultList()))
                .call(won -> won.isEmpty() ? Uni.createFrom().voidItem()
                        : update("nextProbeAt = :next where providerId in :ids",
                                Parameters.with("next", now.plus(interval)).and("ids", won)));
    }
}
