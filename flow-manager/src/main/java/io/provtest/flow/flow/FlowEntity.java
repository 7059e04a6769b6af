package io.provtest.flow.flow;

import io.provtest.common.model.Flow;
import io.provtest.common.model.Action;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.provtest.common.db.JsonColumn;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** Table {@code flow}; columns follow the field names in snake_case. The wire shape is {@link Flow}. */
@Entity
@Table(name = "flow")
public class FlowEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID customerId;
    public String type;
    public String name;
    public String detail;
    @Convert(converter = ActionsColumn.class)
    @ColumnTransformer(read = "cast(actions as text)", write = JsonColumn.JSONB_WRITE)
    public List<Action> actions;
    public UUID onCompleteFlowId;
    public boolean persist;
    public Instant tmExpire;
    public Instant tmCreate;
    public Instant tmUpdate;
    public Instant tmDelete;

    static FlowEntity of(Flow f) {
        FlowEntity e = new FlowEntity();
        e.id = f.id();
        e.customerId = f.customerId();
        e.type = f.type();
        e.name = f.name();
        e.detail = f.detail();
        e.actions = f.actions();
        e.onCompleteFlowId = f.onCompleteFlowId();
        e.persist = f.persist();
        e.tmExpire = f.tmExpire();
        e.tmCreate = f.tmCreate();
        e.tmUpdate = f.tmUpdate();
        e.tmDelete = f.tmDelete();
        return e;
    }

    public Flow toFlow() {
        return new Flow(id, customerId, type, name, detail, List.copyOf(actions), onCompleteFlowId, persist, tmExpire,
                tmCreate, tmUpdate, tmDelete);
    }
}
