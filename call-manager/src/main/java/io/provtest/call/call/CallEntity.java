package io.provtest.call.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.db.JsonColumn;
import io.provtest.common.db.WireColumns;
import io.provtest.common.model.Address;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** Table {@code call}. The wire shape is {@link Call}; the status is stored as its wire name. */
@Entity
@Table(name = "call")
public class CallEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID customerId;
    public UUID flowId;
    public UUID activeflowId;
    public String type;
    public UUID masterCallId;
    public UUID groupcallId;
    @Convert(converter = WireColumns.AddressOne.class)
    @ColumnTransformer(read = "cast(source as text)", write = JsonColumn.JSONB_WRITE)
    public Address source;
    @Convert(converter = WireColumns.AddressOne.class)
    @ColumnTransformer(read = "cast(destination as text)", write = JsonColumn.JSONB_WRITE)
    public Address destination;
    public String status;
    @Convert(converter = WireColumns.Fields.class)
    @ColumnTransformer(read = "cast(metadata as text)", write = JsonColumn.JSONB_WRITE)
    public Map<String, Object> metadata;
    @Convert(converter = WireColumns.Tree.class)
    @ColumnTransformer(read = "cast(action as text)", write = JsonColumn.JSONB_WRITE)
    public JsonNode action;
    public String direction;
    public String hangupBy;
    public String hangupReason;
    public String hangupCause;
    public String anonymous;
    public UUID dialrouteId;
    @Convert(converter = JsonColumns.DialroutesColumn.class)
    @ColumnTransformer(read = "cast(dialroutes as text)", write = JsonColumn.JSONB_WRITE)
    public List<Call.Dialroute> dialroutes;
    public UUID providerId;
    public String sipCallId;
    public Integer sipStatusCode;
    public String sipReason;
    @Convert(converter = WireColumns.Tree.class)
    @ColumnTransformer(read = "cast(rtp_stats as text)", write = JsonColumn.JSONB_WRITE)
    public JsonNode rtpStats;
    public Integer recordingBytes;
    public String ownerInstance;
    public Instant tmRinging;
    public Instant tmProgressing;
    public Instant tmHangup;
    public Instant tmCreate;
    public Instant tmUpdate;
    public Instant tmDelete;

    public Call toCall() {
        return new Call(id, customerId, flowId, activeflowId, type, masterCallId, groupcallId, source, destination,
                CallStatus.of(status), metadata, action, direction, hangupBy, hangupReason, hangupCause, dialrouteId,
                providerId, sipCallId, sipStatusCode, sipReason, rtpStats, recordingBytes, tmRinging, tmProgressing, tmHangup,
                tmCreate, tmUpdate, tmDelete, anonymous, List.copyOf(dialroutes), ownerInstance);
    }
}
