package io.provtest.route.providercall;

import io.provtest.common.db.WireColumns;
import io.provtest.common.db.JsonColumn;
import io.provtest.common.model.Address;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** Table {@code providercall}; columns follow the field names in snake_case. The wire shape is {@link ProviderCall}. */
@Entity
@Table(name = "providercall")
public class ProviderCallEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID customerId;
    public UUID providerId;
    public UUID flowId;
    /** The temporary flow made from inline actions, deleted again if nothing was placed. */
    public UUID tempFlowId;
    @Convert(converter = WireColumns.AddressOne.class)
    @ColumnTransformer(read = "cast(source as text)", write = JsonColumn.JSONB_WRITE)
    public Address source;
    @Convert(converter = WireColumns.Addresses.class)
    @ColumnTransformer(read = "cast(destinations as text)", write = JsonColumn.JSONB_WRITE)
    public List<Address> destinations;
    public String anonymous;
    @Convert(converter = WireColumns.Ids.class)
    @ColumnTransformer(read = "cast(call_ids as text)", write = JsonColumn.JSONB_WRITE)
    public List<UUID> callIds;
    @Convert(converter = WireColumns.Ids.class)
    @ColumnTransformer(read = "cast(groupcall_ids as text)", write = JsonColumn.JSONB_WRITE)
    public List<UUID> groupcallIds;
    @Convert(converter = ProviderCallColumns.OutcomesColumn.class)
    @ColumnTransformer(read = "cast(outcomes as text)", write = JsonColumn.JSONB_WRITE)
    public List<ProviderCall.Outcome> outcomes;
    @Convert(converter = WireColumns.Strings.class)
    @ColumnTransformer(read = "cast(warnings as text)", write = JsonColumn.JSONB_WRITE)
    public List<String> warnings;
    public UUID createdBy;
    /** pending: written before any call is placed; created: calls placed and announced; failed: see outcomes. */
    public String status;
    public String idempotencyKey;
    public String requestHash;
    public Instant tmCreate;
    public Instant tmUpdate;
    public Instant tmDelete;

    void setPlaced(List<UUID> placedCallIds, List<UUID> placedGroupcallIds, List<ProviderCall.Outcome> placedOutcomes) {
        callIds = List.copyOf(placedCallIds);
        groupcallIds = List.copyOf(placedGroupcallIds);
        outcomes = List.copyOf(placedOutcomes);
    }

    public ProviderCall toProviderCall() {
        return new ProviderCall(id, customerId, providerId, flowId, source, List.copyOf(destinations), anonymous,
                List.copyOf(callIds), List.copyOf(groupcallIds), List.copyOf(outcomes), List.copyOf(warnings),
                createdBy, status, tmCreate, tmUpdate, tmDelete, tempFlowId, idempotencyKey, requestHash);
    }
}
