package io.provtest.route.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Table {@code billing.balance_adjustment}: the audit trail of super-admin balance changes. */
@Entity
@Table(name = "balance_adjustment", schema = "billing")
public class AdjustmentEntity extends PanacheEntityBase {

    public static final String ADD_FORCE = "balance_add_force";
    public static final String SUBTRACT_FORCE = "balance_subtract_force";

    @Id
    public UUID id;
    public UUID accountId;
    public String kind;
    public BigDecimal amount;
    public BigDecimal balanceAfter;
    public UUID createdBy;
    public String requestId;
    public Instant tmCreate;

    public record Adjustment(UUID id, UUID accountId, String kind, BigDecimal amount, BigDecimal balanceAfter,
                             UUID createdBy, String requestId, Instant tmCreate) {
    }

    public Adjustment toWire() {
        return new Adjustment(id, accountId, kind, BillingRules.wire(amount), BillingRules.wire(balanceAfter),
                createdBy, requestId, tmCreate);
    }
}
