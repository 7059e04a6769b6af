package io.provtest.flow.activeflow;

import io.provtest.common.model.Activeflow;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

@ApplicationScoped
public class ActiveflowRepository implements PanacheRepositoryBase<ActiveflowEntity, UUID> {

    private static final String END = "update flow_manager.activeflow set status = '" + Activeflow.ENDED
            + "', tm_update = $1, tm_delete = $1 where id = $2 and status = '" + Activeflow.RUNNING
            + "' returning current_action_id";

    /** Where a running activeflow's cursor was when {@link #end} ended it. */
    public record Ended(UUID currentActionId) {
    }

    /**
     * Ends a running activeflow in one statement on {@code connection} (the caller's transaction), answering the
     * cursor as committed, which another instance may have moved; null when it was not running any more. For a stop
     * of an activeflow whose other columns the caller knows ({@link StartedActiveflows}): nothing is read.
     */
    public Uni<Ended> end(SqlConnection connection, UUID id, Instant now) {
        return connection.preparedQuery(END).execute(Tuple.of(now.atOffset(ZoneOffset.UTC), id))
                .map(rows -> {
                    var found = rows.iterator();
                    if (!found.hasNext()) {
                        return null;
                    }
                    Row row = found.next();
                    return new Ended(row.getUUID(0));
                });
    }

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
