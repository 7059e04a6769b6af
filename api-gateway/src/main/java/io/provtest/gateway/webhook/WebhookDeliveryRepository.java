package io.provtest.gateway.webhook;

import io.provtest.common.db.Keyset;
import io.provtest.common.page.PageToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The queries on {@code webhook_delivery}. */
@ApplicationScoped
public class WebhookDeliveryRepository implements PanacheRepositoryBase<WebhookDeliveryEntity, UUID> {

    /**
     * Queues an event for a customer when it has a webhook: one statement that reads the customer's target and
     * inserts the row, so an event for a customer without one costs one round trip and leaves nothing. True when
     * a delivery was queued.
     */
    public Uni<Boolean> enqueue(UUID id, UUID customerId, String eventType, String orderKey, String body,
                                Instant now, Instant giveUpAt) {
        String sql = "insert into api_gateway.webhook_delivery (id, customer_id, event_type, order_key, uri, method,"
                + " body, status, next_attempt_at, give_up_at, tm_create)"
                + " select ?1, c.id, ?2, ?3, c.webhook_uri, c.webhook_method, ?4, 'pending', ?5, ?6, ?5"
                + " from api_gateway.customer c where c.id = ?7 and c.webhook_uri <> '' and c.tm_delete is null";
        return Panache.getSession().chain(s -> s.createNativeQuery(sql).setParameter(1, id).setParameter(2, eventType)
                .setParameter(3, orderKey).setParameter(4, body).setParameter(5, now).setParameter(6, giveUpAt)
                .setParameter(7, customerId).executeUpdate()).map(n -> n == 1);
    }

    /**
     * Claims up to {@code limit} due deliveries for {@code lease}, oldest first, skipping rows another replica has
     * locked, and only the oldest pending delivery of each call (groupcall, provider call): a later event of the
     * same call waits until the earlier one is delivered or given up, which keeps one call's events in order.
     */
    public Uni<List<WebhookDeliveryEntity>> claim(Instant now, int limit, Instant leaseUntil) {
        String due = "select d.id from api_gateway.webhook_delivery d where d.status = 'pending'"
                + " and d.next_attempt_at <= ?1 and (d.claimed_until is null or d.claimed_until < ?1)"
                + " and not exists (select 1 from api_gateway.webhook_delivery e where e.status = 'pending'"
                + " and e.customer_id = d.customer_id and e.order_key = d.order_key and e.seq < d.seq)"
                + " order by d.seq limit ?2 for update of d skip locked";
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(due, UUID.class).setParameter(1, now).setParameter(2, limit)
                        .getResultList())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<WebhookDeliveryEntity>of())
                        : update("claimedUntil = ?1 where id in ?2", leaseUntil, ids)
                        .chain(() -> list("id in ?1", Sort.by("seq"), ids)));
    }

    /** Live deliveries newest first, of one customer or (null) of all. */
    public Uni<List<WebhookDeliveryEntity>> page(UUID customerId, PageToken after, int pageSize) {
        String filter = customerId == null ? "1 = 1" : "customerId = :customerId";
        Parameters params = customerId == null ? new Parameters() : Parameters.with("customerId", customerId);
        return find(Keyset.where(filter, after), Keyset.NEWEST_FIRST, Keyset.params(params, after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list();
    }

    /** Deletes finished deliveries created before {@code before}. */
    public Uni<Long> purge(Instant before) {
        return delete("status <> ?1 and tmCreate < ?2", WebhookDelivery.PENDING, before);
    }
}
