package io.provtest.flow.activeflow;

import io.provtest.common.model.Activeflow;
import io.provtest.common.time.Times;
import io.provtest.flow.flow.ActionsColumn;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The queries on {@code activeflow}. Reads go through Hibernate; the three statements every provider call makes
 * (start, step, end) run on the reactive client in the caller's transaction ({@code pool.withTransaction}): each is one
 * statement whose row the caller knows without reading it back, and a Hibernate session around it was about half of
 * this service's CPU under load (bench/README.md, "The per-call statements without a Hibernate session").
 */
@ApplicationScoped
public class ActiveflowRepository implements PanacheRepositoryBase<ActiveflowEntity, UUID> {

    private static final String T = "flow_manager.activeflow";
    private static final ActionsColumn ACTIONS = new ActionsColumn();

    /** Copies the live flow's actions into a new running activeflow, or inserts nothing when there is none. */
    private static final String START = "insert into " + T + " (id, customer_id, flow_id, reference_type,"
            + " reference_id, actions, status, tm_create) select $1, customer_id, id, $2, $3, actions, '"
            + Activeflow.RUNNING + "', $4 from flow_manager.flow where id = $5 and tm_delete is null"
            + " returning customer_id, cast(actions as text)";
    /** The same, of a flow of the given customer only (a temporary flow the request brought along). */
    private static final String START_OWN = START.replace(" returning", " and customer_id = $6 returning");
    private static final String MOVE = "update " + T + " set current_action_id = $1, status = $2, tm_update = $3,"
            + " tm_delete = case when $2 = '" + Activeflow.ENDED + "' then $3 else tm_delete end"
            + " where id = $4 and status = '" + Activeflow.RUNNING + "'";
    private static final String END = "update " + T + " set status = '" + Activeflow.ENDED
            + "', tm_update = $1, tm_delete = $1 where id = $2 and status = '" + Activeflow.RUNNING
            + "' returning current_action_id";

    /** Where a running activeflow's cursor was when {@link #end} ended it. */
    public record Ended(UUID currentActionId) {
    }

    /**
     * Starts an activeflow of the flow {@code flowId} with a copy of its actions, in one statement on
     * {@code connection} (the caller's transaction): the flow is read and the activeflow written by the database
     * itself. Only a flow of {@code customerId} when it is given (a temporary flow the request brought along; null:
     * any customer's). Null when there is no such live flow (nothing is written then).
     */
    public Uni<Activeflow> start(SqlConnection connection, UUID id, UUID flowId, String referenceType,
                                 UUID referenceId, Instant now, UUID customerId) {
        Tuple values = Tuple.of(id, referenceType, referenceId, Times.utc(now), flowId);
        return connection.preparedQuery(customerId == null ? START : START_OWN)
                .execute(customerId == null ? values : values.addUUID(customerId))
                .map(rows -> {
                    var found = rows.iterator();
                    return found.hasNext() ? started(found.next(), id, flowId, referenceType, referenceId, now) : null;
                });
    }

    /** The activeflow {@link #start} wrote, from what it answered (the flow's customer and actions). */
    private static Activeflow started(Row row, UUID id, UUID flowId, String referenceType, UUID referenceId,
                                      Instant now) {
        return new Activeflow(id, row.getUUID(0), flowId, referenceType, referenceId,
                List.copyOf(ACTIONS.convertToEntityAttribute(row.getString(1))), null, Activeflow.RUNNING, now, null,
                null);
    }

    /**
     * Moves the cursor of a RUNNING activeflow, or ends it when {@code status} is ended, in one statement on
     * {@code connection} (the caller's transaction). False when it was not running any more (a concurrent stop won),
     * so each move is published once.
     */
    public Uni<Boolean> move(SqlConnection connection, UUID id, UUID current, String status, Instant now) {
        return connection.preparedQuery(MOVE)
                .execute(Tuple.of(current, status, Times.utc(now), id))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Ends a running activeflow in one statement on {@code connection} (the caller's transaction), answering the
     * cursor as committed, which another instance may have moved; null when it was not running any more. Nothing
     * else is read: the caller knows the other columns (they never change).
     */
    public Uni<Ended> end(SqlConnection connection, UUID id, Instant now) {
        return connection.preparedQuery(END).execute(Tuple.of(Times.utc(now), id))
                .map(rows -> {
                    var found = rows.iterator();
                    return found.hasNext() ? new Ended(found.next().getUUID(0)) : null;
                });
    }
}
