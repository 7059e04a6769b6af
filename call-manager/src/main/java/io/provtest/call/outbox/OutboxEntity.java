package io.provtest.call.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.db.JsonColumn;
import io.provtest.common.db.WireColumns;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/**
 * Table {@code outbox}: {@code seq} is the bigserial that orders the events of this instance; {@code data} is json, the
 * text as written, and {@code customer_id} the customer it names (the event's routing header).
 */
@Entity
@Table(name = "outbox")
public class OutboxEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    public String instanceId;
    public String type;
    public String requestId;
    @Convert(converter = WireColumns.Tree.class)
    @ColumnTransformer(read = "cast(data as text)", write = JsonColumn.JSON_WRITE)
    public JsonNode data;
    public String customerId;
    public Instant tmCreate;
}
