package io.provtest.gateway.webhook;

import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.common.db.JsonColumn;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * Table {@code webhook_delivery}; rows are inserted by {@link WebhookDeliveryRepository#enqueue} (native SQL),
 * changed through this entity by the replica holding the claim. The wire shape is {@link WebhookDelivery}.
 */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDeliveryEntity extends PanacheEntityBase {

    /** Attempts kept in the log of one delivery: the first and the latest ones. */
    static final int KEPT_ATTEMPTS = 20;

    @Id
    public UUID id;
    @Column(insertable = false, updatable = false)
    public Long seq;
    public UUID customerId;
    public String eventType;
    public String orderKey;
    public String uri;
    public String method;
    public String body;
    public String status;
    public int attemptCount;
    @Convert(converter = Attempts.class)
    @ColumnTransformer(read = "cast(attempts as text)", write = JsonColumn.JSONB_WRITE)
    public List<WebhookDelivery.Attempt> attempts;
    public Instant nextAttemptAt;
    public Instant giveUpAt;
    public Instant claimedUntil;
    public Integer lastStatusCode;
    public String lastError;
    public Integer lastLatencyMs;
    public Instant tmCreate;
    public Instant tmUpdate;
    public Instant tmDelivered;

    @Converter
    public static class Attempts extends JsonColumn<List<WebhookDelivery.Attempt>> {
        public Attempts() {
            super(new TypeReference<>() { });
        }
    }

    /** Adds an attempt to the log, dropping the oldest after the first when the log is full. */
    void addAttempt(WebhookDelivery.Attempt attempt) {
        List<WebhookDelivery.Attempt> kept = new ArrayList<>(attempts == null ? List.of() : attempts);
        kept.add(attempt);
        if (kept.size() > KEPT_ATTEMPTS) {
            kept.remove(1);
        }
        attempts = kept;
        attemptCount = attempt.n();
    }

    public WebhookDelivery toDelivery() {
        return new WebhookDelivery(id, customerId, eventType, orderKey, uri, method, status, attemptCount,
                attempts == null ? List.of() : attempts, lastStatusCode, lastError, lastLatencyMs,
                WebhookDelivery.PENDING.equals(status) ? nextAttemptAt : null, tmCreate, tmUpdate, tmDelivered);
    }

    @Override
    public String toString() {
        return "WebhookDelivery<" + id + ">";
    }
}
