package io.provtest.gateway.webhook;

import io.provtest.common.db.Db;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which customers have a webhook, read at most every {@value #REFRESH_MILLIS} ms, so that the events of customers
 * without one (every call event of the platform passes the intake) are dropped without a database round trip. A
 * change made through this replica is seen by the next event; one made through another replica within that time.
 */
@Singleton
public class WebhookCustomers {

    static final long REFRESH_MILLIS = 2_000;

    private volatile Set<UUID> withWebhook = Set.of();
    private volatile long readAt;
    private volatile boolean stale = true;

    /** Whether events of {@code customerId} may have to be delivered (the set is read again when it is old). */
    public boolean mayHaveWebhook(UUID customerId) {
        long now = System.nanoTime();
        if (stale || now - readAt > REFRESH_MILLIS * 1_000_000) {
            // cleared before the read: a change committed while it runs marks the set stale again
            stale = false;
            try {
                List<UUID> ids = Db.read(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "select id from api_gateway.customer where webhook_uri <> '' and tm_delete is null",
                        UUID.class).getResultList()));
                withWebhook = Set.copyOf(ids);
                readAt = now;
            } catch (RuntimeException e) {
                stale = true;
                throw e;
            }
        }
        return withWebhook.contains(customerId);
    }

    /** A customer's webhook changed through this replica (after the commit). */
    public void changed() {
        stale = true;
    }
}
