package io.provtest.route.billing;

import io.provtest.common.db.JsonColumn;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** Table {@code billing.rate_plan}. */
@Entity
@Table(name = "rate_plan", schema = "billing")
public class RatePlanEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    public int incrementSeconds;
    public BigDecimal connectionFee;
    @Convert(converter = RatesColumn.class)
    @ColumnTransformer(read = "cast(rates as text)", write = JsonColumn.JSONB_WRITE)
    public List<BillingRules.Rate> rates;
    public Instant tmCreate;
    public Instant tmUpdate;
    public Instant tmDelete;

    void set(RatePlan.Spec spec) {
        name = spec.name();
        incrementSeconds = spec.incrementSeconds();
        connectionFee = spec.connectionFee();
        rates = List.copyOf(spec.rates());
    }

    public RatePlan toWire() {
        return new RatePlan(id, name, incrementSeconds, BillingRules.wire(connectionFee),
                rates.stream().map(r -> new BillingRules.Rate(r.prefix(), BillingRules.wire(r.perMinute()))).toList(),
                BillingRules.DEFAULT_PLAN_ID.equals(id), tmCreate, tmUpdate, tmDelete);
    }
}
