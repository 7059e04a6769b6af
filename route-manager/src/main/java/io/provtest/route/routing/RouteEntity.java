package io.provtest.route.routing;

import io.provtest.common.model.Route;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Table {@code route}; columns follow the field names in snake_case. The wire shape is {@link Route}. */
@Entity
@Table(name = "route")
public class RouteEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID customerId;
    public UUID providerId;
    public int priority;
    public String target;
    public String name;
    public String detail;
    public Instant tmCreate;
    public Instant tmUpdate;
    public Instant tmDelete;

    static RouteEntity of(UUID id, RouteSpec spec, Instant now) {
        RouteEntity e = new RouteEntity();
        e.id = id;
        e.customerId = spec.customerId();
        e.providerId = spec.providerId();
        e.priority = spec.priority();
        e.target = spec.target();
        e.name = spec.name();
        e.detail = spec.detail();
        e.tmCreate = now;
        return e;
    }

    public Route toRoute() {
        return new Route(id, customerId, providerId, priority, target, name, detail, tmCreate, tmUpdate, tmDelete);
    }
}
