package io.provtest.route.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Table {@code billing.account}: one per customer. */
@Entity
@Table(name = "account", schema = "billing")
public class AccountEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID customerId;
    public BigDecimal balance;
    public String currency;
    public UUID ratePlanId;
    public Instant tmCreate;
    public Instant tmUpdate;

    /** The wire shape {@code {id, customer_id, balance, currency, rate_plan_id, tm_create, tm_update}}. */
    public record Account(UUID id, UUID customerId, BigDecimal balance, String currency, UUID ratePlanId,
                          Instant tmCreate, Instant tmUpdate) {
    }

    public Account toWire() {
        return new Account(id, customerId, BillingRules.wire(balance), currency, ratePlanId, tmCreate, tmUpdate);
    }
}
