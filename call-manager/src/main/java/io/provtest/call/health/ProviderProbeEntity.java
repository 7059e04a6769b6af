package io.provtest.call.health;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Table {@code provider_probe}: a provider's next probe slot, shared by the replicas. */
@Entity
@Table(name = "provider_probe")
public class ProviderProbeEntity extends PanacheEntityBase {

    @Id
    public UUID providerId;
    public Instant nextProbeAt;
}
