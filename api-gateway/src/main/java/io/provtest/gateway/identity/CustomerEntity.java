package io.provtest.gateway.identity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Table {@code customer}; columns follow the field names in snake_case. The wire shape is {@link Customer}. */
@Entity
@Table(name = "customer")
public class CustomerEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    public String detail;
    public String webhookUri;
    public String webhookMethod;
    public String status;
    public Instant tmCreate;
    public Instant tmUpdate;
    public Instant tmDelete;

    public static CustomerEntity of(Customer c) {
        CustomerEntity e = new CustomerEntity();
        e.id = c.id();
        e.name = c.name();
        e.detail = c.detail();
        e.webhookUri = c.webhookUri();
        e.webhookMethod = c.webhookMethod();
        e.status = c.status();
        e.tmCreate = c.tmCreate();
        e.tmUpdate = c.tmUpdate();
        e.tmDelete = c.tmDelete();
        return e;
    }

    public Customer toCustomer() {
        return new Customer(id, name, detail, webhookUri, webhookMethod, status, tmCreate, tmUpdate, tmDelete);
    }
}
