package io.provtest.route.number;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Table {@code numbers.number}: a telephone number a customer owns and may call from. */
@Entity
@Table(name = "number", schema = "numbers")
public class NumberEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID customerId;
    public String number;
    public String status;
    public String name;
    public String detail;
    public Instant tmCreate;
    public Instant tmUpdate;
    public Instant tmDelete;

    /** The wire shape {@code {id, customer_id, number, status, name, detail, tm_create, tm_update, tm_delete}}. */
    public record PhoneNumber(UUID id, UUID customerId, String number, String status, String name, String detail,
                              Instant tmCreate, Instant tmUpdate, Instant tmDelete) {
    }

    void set(NumberRules.Spec spec) {
        customerId = spec.customerId();
        number = spec.number();
        status = spec.status();
        name = spec.name();
        detail = spec.detail();
    }

    public PhoneNumber toWire() {
        return new PhoneNumber(id, customerId, number, status, name, detail, tmCreate, tmUpdate, tmDelete);
    }
}
