package io.provtest.route.number;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The queries on {@code numbers.outbound_config} (by customer id, its key). */
@ApplicationScoped
public class OutboundConfigRepository implements PanacheRepositoryBase<OutboundConfigEntity, UUID> {
}
