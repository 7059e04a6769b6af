package io.provtest.route.number;

import io.provtest.common.db.JsonColumn;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** Table {@code numbers.outbound_config}: one row per customer that has set its outbound config. */
@Entity
@Table(name = "outbound_config", schema = "numbers")
public class OutboundConfigEntity extends PanacheEntityBase {

    @Id
    public UUID customerId;
    public UUID defaultOutgoingSourceNumberId;
    @Convert(converter = StringListColumn.class)
    @ColumnTransformer(read = "cast(allowed_countries as text)", write = JsonColumn.JSONB_WRITE)
    public List<String> allowedCountries;
    @Convert(converter = StringListColumn.class)
    @ColumnTransformer(read = "cast(denied_prefixes as text)", write = JsonColumn.JSONB_WRITE)
    public List<String> deniedPrefixes;
    public int maxConcurrentCalls;
    public int callsPerSecond;
    @Convert(converter = StringListColumn.class)
    @ColumnTransformer(read = "cast(codecs as text)", write = JsonColumn.JSONB_WRITE)
    public List<String> codecs;
    public Instant tmCreate;
    public Instant tmUpdate;

    void set(OutboundRules.Spec spec) {
        defaultOutgoingSourceNumberId = spec.defaultOutgoingSourceNumberId();
        allowedCountries = List.copyOf(spec.allowedCountries());
        deniedPrefixes = List.copyOf(spec.deniedPrefixes());
        maxConcurrentCalls = spec.maxConcurrentCalls();
        callsPerSecond = spec.callsPerSecond();
        codecs = List.copyOf(spec.codecs());
    }

    public OutboundConfig toWire() {
        return new OutboundConfig(customerId, defaultOutgoingSourceNumberId, allowedCountries, deniedPrefixes,
                maxConcurrentCalls, callsPerSecond, codecs == null ? List.of() : codecs, tmCreate, tmUpdate);
    }
}
