package io.provtest.gateway.webhook;

import io.provtest.common.db.Db;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Which customers have a webhook, read at most every {@value #REFRESH_MILLIS} ms, so that the events of customers
 * without one are dropped without a database round trip: the broker brings only those of customers with a webhook
 * ({@link WebhookRouting}), but its bindings may lag a change made through another replica. A
 * change made through this replica is seen by the next event; one made through another replica within that time.
 *
 * <p>Both intake channels ask from their own threads. An answer is only given from a set read after the last change
 * this replica made: while one thread re-reads, the other waits for that read instead of answering from the set
 * before it (which dropped a new customer's first provider-call event while a call event was refreshing the set).
 */
@Singleton
public class WebhookCustomers {

    static final long REFRESH_MILLIS = 2_000;

    /** A set as read, with the change count it reflects and when the read began (nanoTime). */
    private record Snapshot(Set<UUID> ids, long changes, long readAt) {
    }

    private final Supplier<List<UUID>> reader;
    private final LongSupplier clock;
    private final AtomicLong changes = new AtomicLong();
    /** Null until the first read. */
    private volatile Snapshot snapshot;

    @Inject
    public WebhookCustomers() {
        this(WebhookCustomers::readHooked, System::nanoTime);
    }

    /** The customers with a webhook, as stored now (also what {@link WebhookRouting} binds). */
    static List<UUID> readHooked() {
        return Db.read(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select id from api_gateway.customer where webhook_uri <> '' and tm_delete is null",
                UUID.class).getResultList()));
    }

    WebhookCustomers(Supplier<List<UUID>> reader, LongSupplier clock) {
        this.reader = reader;
        this.clock = clock;
    }

    /** Whether events of {@code customerId} may have to be delivered (the set is read again when it is old). */
    public boolean mayHaveWebhook(UUID customerId) {
        Snapshot current = snapshot;
        if (!usable(current)) {
            current = refresh();
        }
        return current.ids().contains(customerId);
    }

    /** A customer's webhook changed through this replica (after the commit). */
    public void changed() {
        changes.incrementAndGet();
    }

    private boolean usable(Snapshot s) {
        return s != null && s.changes() == changes.get() && clock.getAsLong() - s.readAt() <= REFRESH_MILLIS * 1_000_000;
    }

    /** One read at a time; a thread that waited for another's read uses it when it is now usable. */
    private synchronized Snapshot refresh() {
        Snapshot current = snapshot;
        if (usable(current)) {
            return current;
        }
        // the change count is taken before the read: a change committed while it runs makes the result unusable
        long seen = changes.get();
        long readAt = clock.getAsLong();
        Snapshot read = new Snapshot(Set.copyOf(reader.get()), seen, readAt);
        snapshot = read;
        return read;
    }
}
