package io.provtest.gateway.webhook;

import io.provtest.common.db.Db;
import io.provtest.gateway.GatewayConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The customers' signing secrets, encrypted at rest ({@link SecretCipher}): written encrypted, read decrypted. Rows
 * written in clear by an earlier version are encrypted once at start (and read as they are until then).
 */
@ApplicationScoped
public class WebhookSecretRepository implements PanacheRepositoryBase<WebhookSecretEntity, UUID> {

    private static final Logger LOG = Logger.getLogger(WebhookSecretRepository.class);

    private final SecretCipher cipher;

    public WebhookSecretRepository(WebhookConfig webhooks, GatewayConfig gateway) {
        this.cipher = SecretCipher.of(webhooks.secretKey().orElse(""), gateway.jwt().secret());
    }

    void onStart(@Observes StartupEvent event) {
        int done = Db.transaction(() -> list("secret not like ?1", SecretCipher.PREFIX + "%")
                .invoke(rows -> rows.forEach(row -> row.secret = cipher.encrypt(row.customerId, row.secret)))
                .call(this::flush)
                .map(List::size));
        if (done > 0) {
            LOG.infof("encrypted %d webhook secrets stored in clear by an earlier version", done);
        }
    }

    /** The customer's secret in clear, or null when it has none. */
    public Uni<String> secretOf(UUID customerId) {
        return findById(customerId).map(row -> row == null ? null : cipher.decrypt(row.customerId, row.secret));
    }

    /** Sets the customer's secret, replacing any earlier one (one statement, so concurrent rotations cannot clash). */
    public Uni<Void> put(UUID customerId, String secret, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into api_gateway.webhook_secret"
                        + " (customer_id, secret, tm_create) values (?1, ?2, ?3) on conflict (customer_id)"
                        + " do update set secret = excluded.secret, tm_create = excluded.tm_create")
                .setParameter(1, customerId).setParameter(2, cipher.encrypt(customerId, secret))
                .setParameter(3, now).executeUpdate())
                .replaceWithVoid();
    }

    /** Creates a secret only when the customer has none yet. */
    public Uni<Void> putIfAbsent(UUID customerId, String secret, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("insert into api_gateway.webhook_secret"
                        + " (customer_id, secret, tm_create) values (?1, ?2, ?3) on conflict (customer_id) do nothing")
                .setParameter(1, customerId).setParameter(2, cipher.encrypt(customerId, secret))
                .setParameter(3, now).executeUpdate())
                .replaceWithVoid();
    }
}
