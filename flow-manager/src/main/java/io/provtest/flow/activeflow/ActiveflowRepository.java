package io.provtest.flow.activeflow;

import io.provtest.common.model.Activeflow;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class ActiveflowRepository implements PanacheRepositoryBase<ActiveflowEntity, UUID> {

    /**
     * Moves the cursor of a RUNNING activeflow, or ends it when {@code status} is ended. False when it was not
     * running any more (a concurrent stop won), so each move is published once.
     */
    public Uni<Boolean> move(UUID id, UUID current, String status, Instant now) {
        String ending = Activeflow.ENDED.equals(status) ? ", tmDelete = ?3" : "";
        return update("currentActionId = ?1, status = ?2, tmUpdate = ?3" + ending
                + " where id = ?4 and status = 'running'", current, status, now, id).map(n -> n == 1);
    }
}
