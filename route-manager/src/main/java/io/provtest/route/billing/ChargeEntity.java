package io.provtest.route.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Table {@code billing.billing}: one line per charged call (unique on reference_type, reference_id). */
@Entity
@Table(name = "billing", schema = "billing")
public class ChargeEntity extends PanacheEntityBase {

    public static final String REFERENCE_CALL = "call";

    @Id
    public UUID id;
    public UUID customerId;
    public UUID accountId;
    public String referenceType;
    public UUID referenceId;
    public int billableSeconds;
    public BigDecimal amount;
    public UUID ratePlanId;
    public String ratePrefix;
    public BigDecimal perMinute;
    public BigDecimal connectionFee;
    public Instant tmStart;
    public Instant tmEnd;
    public Instant tmCreate;

    /** The wire shape of {@code GET /v1.0/billings}. */
    public record Billing(UUID id, UUID customerId, UUID accountId, String referenceType, UUID referenceId,
                          int billableSeconds, BigDecimal amount, UUID ratePlanId, String ratePrefix,
                          BigDecimal perMinute, BigDecimal connectionFee, Instant tmStart, Instant tmEnd,
                          Instant tmCreate) {
    }

    public Billing toWire() {
        return new Billing(id, customerId, accountId, referenceType, referenceId, billableSeconds,
                BillingRules.wire(amount), ratePlanId, ratePrefix, BillingRules.wire(perMinute),
                BillingRules.wire(connectionFee), tmStart, tmEnd, tmCreate);
    }
}
