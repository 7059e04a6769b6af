package io.provtest.route.provider;

import io.provtest.common.db.JsonColumn;
import io.provtest.common.model.Provider;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** Table {@code provider}; columns follow the field names in snake_case. The wire shape is {@link Provider}. */
@Entity
@Table(name = "provider")
public class ProviderEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public String type;
    public String hostname;
    public String techPrefix;
    public String techPostfix;
    @Convert(converter = HeadersColumn.class)
    @ColumnTransformer(read = "cast(tech_headers as text)", write = JsonColumn.JSONB_WRITE)
    public Map<String, String> techHeaders;
    public String transport;
    public String name;
    public String detail;
    public String codecs;
    public String healthStatus;
    public Instant healthCheckedAt;
    public String healthReason;
    public Double healthRttMs;
    public int healthSuccesses;
    public int healthFailures;
    public Instant tmCreate;
    public Instant tmUpdate;
    public Instant tmDelete;

    /** A new provider: health unknown until its first probes. */
    static ProviderEntity of(UUID id, ProviderSpec spec, Instant now) {
        ProviderEntity e = new ProviderEntity();
        e.id = id;
        e.setSpec(spec);
        e.healthStatus = Provider.HEALTH_UNKNOWN;
        e.healthReason = "";
        e.tmCreate = now;
        return e;
    }

    /**
     * Full replace. Health goes back to unknown only when the hostname changes: the old verdict was about another
     * host.
     */
    void replace(ProviderSpec spec, Instant now) {
        if (!hostname.equals(spec.hostname())) {
            healthStatus = Provider.HEALTH_UNKNOWN;
            healthCheckedAt = null;
            healthReason = "";
            healthRttMs = null;
            healthSuccesses = 0;
            healthFailures = 0;
        }
        setSpec(spec);
        tmUpdate = now;
    }

    private void setSpec(ProviderSpec spec) {
        type = spec.type();
        hostname = spec.hostname();
        techPrefix = spec.techPrefix();
        techPostfix = spec.techPostfix();
        techHeaders = new LinkedHashMap<>(spec.techHeaders());
        transport = spec.transport();
        name = spec.name();
        detail = spec.detail();
        codecs = spec.codecs();
    }

    public boolean deleted() {
        return tmDelete != null;
    }

    public Provider toProvider() {
        return new Provider(id, type, hostname, techPrefix, techPostfix,
                Collections.unmodifiableMap(new LinkedHashMap<>(techHeaders)), transport, name, detail, codecs,
                healthStatus, healthCheckedAt, healthReason, healthRttMs, healthSuccesses, healthFailures, tmCreate,
                tmUpdate, tmDelete);
    }
}
