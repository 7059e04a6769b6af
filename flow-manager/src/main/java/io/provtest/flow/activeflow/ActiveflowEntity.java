package io.provtest.flow.activeflow;

import io.provtest.common.model.Activeflow;
import io.provtest.common.model.Action;
import io.provtest.flow.flow.ActionsColumn;
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

/** Table {@code activeflow}. The wire shape is {@link Activeflow}. */
@Entity
@Table(name = "activeflow")
public class ActiveflowEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID customerId;
    public UUID flowId;
    public String referenceType;
    public UUID referenceId;
    /** The flow's actions when the call started: later edits or deletion of the flow do not change a live call. */
    @Convert(converter = ActionsColumn.class)
    @ColumnTransformer(read = "cast(actions as text)", write = JsonColumn.JSONB_WRITE)
    public List<Action> actions;
    public UUID currentActionId;
    public String status;
    public Instant tmCreate;
    public Instant tmUpdate;
    public Instant tmDelete;

    static ActiveflowEntity of(Activeflow a) {
        ActiveflowEntity e = new ActiveflowEntity();
        e.id = a.id();
        e.customerId = a.customerId();
        e.flowId = a.flowId();
        e.referenceType = a.referenceType();
        e.referenceId = a.referenceId();
        e.actions = a.actions();
        e.currentActionId = a.currentActionId();
        e.status = a.status();
        e.tmCreate = a.tmCreate();
        e.tmUpdate = a.tmUpdate();
        e.tmDelete = a.tmDelete();
        return e;
    }

    public Activeflow toActiveflow() {
        return new Activeflow(id, customerId, flowId, referenceType, referenceId, List.copyOf(actions), currentActionId,
                status, tmCreate, tmUpdate, tmDelete);
    }
}
