package io.provtest.gateway.webhook;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class WebhookSecretRepository implements PanacheRepositoryBase<WebhookSecretEntity, UUID> {

    /** Sets the customer's secret, replacing any earlier one (one statement, so concurrent rotations cannot clash). */
    public Uni<Void> put(UUID customerId, String secret, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into api_gateway.webhook_secret"
                        + " (customer_id, secret, tm_create) values (?1, ?2, ?3) on conflict (customer_id)"
                        + " do update set secret = excluded.secret, tm_create = excluded.tm_create")
                .setParameter(1, customerId).setParameter(2, secret).setParameter(3, now).executeUpdate())
                .replaceWithVoid();
    }

    /** Creates a secret only when the customer has none yet. */
    public Uni<Void> putIfAbsent(UUID customerId, String secret, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into api_gateway.webhook_secret"
                        + " (customer_id, secret, tm_create) values (?1, ?2, ?3) on conflict (customer_id) do nothing")
                .setParameter(1, customerId).setParameter(2, secret).setParameter(3, now).executeUpdate())
                .replaceWithVoid();
    }
}
