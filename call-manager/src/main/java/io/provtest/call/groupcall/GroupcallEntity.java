package io.provtest.call.groupcall;

import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.call.call.JsonColumns;
import io.provtest.common.db.JsonColumn;
import io.provtest.common.db.WireColumns;
import io.provtest.common.model.Address;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Formula;

/**
 * Table {@code groupcall}. The wire shape is {@link Groupcall}. The live-leg counts are formulas over the legs
 * themselves (calls and child groupcalls not yet hung up), read with the row, so they are right by construction
 * however the legs end; they name the schema because the reactive connection's search_path does not include it.
 */
@Entity
@Table(name = "groupcall")
public class GroupcallEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID customerId;
    public UUID flowId;
    public String status;
    @Convert(converter = WireColumns.AddressOne.class)
    @ColumnTransformer(read = "cast(source as text)", write = JsonColumn.JSONB_WRITE)
    public Address source;
    @Convert(converter = WireColumns.Addresses.class)
    @ColumnTransformer(read = "cast(destinations as text)", write = JsonColumn.JSONB_WRITE)
    public List<Address> destinations;
    public String ringMethod;
    public String answerMethod;
    public String anonymous;
    @Convert(converter = WireColumns.Fields.class)
    @ColumnTransformer(read = "cast(metadata as text)", write = JsonColumn.JSONB_WRITE)
    public Map<String, Object> metadata;
    public UUID masterCallId;
    public UUID masterGroupcallId;
    public UUID answerCallId;
    public UUID answerGroupcallId;
    @Convert(converter = WireColumns.Ids.class)
    @ColumnTransformer(read = "cast(call_ids as text)", write = JsonColumn.JSONB_WRITE)
    public List<UUID> callIds;
    @Convert(converter = WireColumns.Ids.class)
    @ColumnTransformer(read = "cast(groupcall_ids as text)", write = JsonColumn.JSONB_WRITE)
    public List<UUID> groupcallIds;
    @Convert(converter = ErrorsColumn.class)
    @ColumnTransformer(read = "cast(errors as text)", write = JsonColumn.JSONB_WRITE)
    public List<Groupcall.LegError> errors;
    public int dialIndex;
    public String hangupCause;
    public String ownerInstance;
    public Instant tmCreate;
    public Instant tmUpdate;
    public Instant tmDelete;
    @Formula("(select count(*) from " + JsonColumns.SCHEMA + ".call l where l.groupcall_id = id"
            + " and l.status <> 'hangup')")
    public int callCount;
    @Formula("(select count(*) from " + JsonColumns.SCHEMA + ".groupcall g where g.master_groupcall_id = id"
            + " and g.status <> 'hangup')")
    public int groupcallCount;


    @Converter
    public static class ErrorsColumn extends JsonColumn<List<Groupcall.LegError>> {
        public ErrorsColumn() {
            super(new TypeReference<>() { });
        }
    }

    static GroupcallEntity of(Groupcall g) {
        GroupcallEntity e = new GroupcallEntity();
        e.id = g.id();
        e.customerId = g.customerId();
        e.flowId = g.flowId();
        e.status = g.status();
        e.source = g.source();
        e.destinations = g.destinations();
        e.ringMethod = g.ringMethod();
        e.answerMethod = g.answerMethod();
        e.anonymous = g.anonymous();
        e.metadata = g.metadata();
        e.masterCallId = g.masterCallId();
        e.masterGroupcallId = g.masterGroupcallId();
        e.answerCallId = g.answerCallId();
        e.answerGroupcallId = g.answerGroupcallId();
        e.callIds = g.callIds();
        e.groupcallIds = g.groupcallIds();
        e.errors = g.errors();
        e.dialIndex = g.dialIndex();
        e.hangupCause = g.hangupCause();
        e.ownerInstance = g.ownerInstance();
        e.tmCreate = g.tmCreate();
        e.tmUpdate = g.tmUpdate();
        e.tmDelete = g.tmDelete();
        return e;
    }

    Groupcall toGroupcall() {
        return new Groupcall(id, customerId, flowId, status, source, List.copyOf(destinations), ringMethod,
                answerMethod, anonymous, metadata, masterCallId, masterGroupcallId, answerCallId, answerGroupcallId,
                List.copyOf(callIds), List.copyOf(groupcallIds), List.copyOf(errors), dialIndex, callCount,
                groupcallCount, hangupCause, tmCreate, tmUpdate, tmDelete, ownerInstance);
    }
}
