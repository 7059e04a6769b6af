package io.provtest.call.groupcall;

import io.provtest.call.call.JsonColumns;
import io.provtest.common.db.Keyset;
import io.provtest.common.json.Json;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The groupcall table's queries. Changes are conditional updates that yield the changed groupcall, or null when
 * their guard did not match. Appending to the jsonb lists is a native {@code ||} so that concurrent appends
 * (legs placed while others report) never overwrite each other.
 */
@ApplicationScoped
public class GroupcallRepository implements PanacheRepositoryBase<GroupcallEntity, UUID> {

    /**
     * The guards of the updates by id, written so that PostgreSQL finds the row by the primary key. Spelt
     * {@code status <> 'hangup'} or {@code status = 'progressing'}, each implies the predicate of the partial indexes
     * on live groupcalls (groupcall_unfinished, groupcall_children), and with statistics taken when few groupcalls were
     * up the planner's generic plan scanned one of them whole with the id as a mere filter: every live groupcall read
     * per update (the same trap as calls' update, CallWriter#NOT_HUNG_UP; the report's look for a live groupcall,
     * ReportReads#GROUPCALL_LIVE, uses the first guard too). {@code is [not] distinct from} means the same for a column
     * that is never null, and the planner does not prove a partial index's predicate from it. GroupcallUpdatePlanTest
     * holds the plans to the key.
     */
    public static final String NOT_HUNG_UP = "status is distinct from 'hangup'";
    static final String PROGRESSING = "status is not distinct from 'progressing'";

    public Uni<Groupcall> insert(Groupcall g) {
        return persistAndFlush(GroupcallEntity.of(g)).chain(e -> get(e.id));
    }

    /** Read back (the formulas are evaluated by the database, never by the insert). */
    public Uni<Groupcall> get(UUID id) {
        return find("id", id).firstResult().map(e -> e == null ? null : e.toGroupcall());
    }

    public Uni<List<Groupcall>> listLive(UUID customerId, PageToken after, int pageSize) {
        return find(Keyset.where("tmDelete is null and customerId = :customer", after), Keyset.NEWEST_FIRST,
                Keyset.params(Parameters.with("customer", customerId), after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list()
                .map(rows -> rows.stream().map(GroupcallEntity::toGroupcall).toList());
    }

    public Uni<List<Groupcall>> unfinishedOwnedBy(String instance) {
        return list("ownerInstance = ?1 and status <> 'hangup' order by tmCreate desc", instance)
                .map(rows -> rows.stream().map(GroupcallEntity::toGroupcall).toList());
    }

    /** Ids of the legs still alive: calls, then child groupcalls. */
    public Uni<List<UUID>> liveLegCalls(UUID id) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select c.id from CallEntity c where c.groupcallId = ?1 and c.status <> 'hangup'", UUID.class)
                .setParameter(1, id).getResultList());
    }

    public Uni<List<UUID>> liveLegGroupcalls(UUID id) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select g.id from GroupcallEntity g where g.masterGroupcallId = ?1 and g.status <> 'hangup'",
                UUID.class).setParameter(1, id).getResultList());
    }

    public Uni<Groupcall> addCall(UUID id, UUID callId, int dialIndex, Instant now) {
        return append(id, "call_ids", List.of(callId), dialIndex, now);
    }

    public Uni<Groupcall> addGroupcall(UUID id, UUID groupcallId, int dialIndex, Instant now) {
        return append(id, "groupcall_ids", List.of(groupcallId), dialIndex, now);
    }

    public Uni<Groupcall> addError(UUID id, Groupcall.LegError error, Instant now) {
        return append(id, "errors", List.of(error), error.index(), now);
    }

    /** jsonb append (PostgreSQL's ||): native SQL, the column name is ours. */
    private Uni<Groupcall> append(UUID id, String column, List<?> items, int dialIndex, Instant now) {
        String sql = "update " + JsonColumns.SCHEMA + ".groupcall set " + column + " = " + column
                + " || cast(cast(?1 as text) as jsonb), dial_index = ?2, tm_update = ?3 where id = ?4";
        String json = new String(Json.bytes(items), StandardCharsets.UTF_8);
        return Panache.getSession().chain(s -> s.createNativeQuery(sql).setParameter(1, json)
                        .setParameter(2, dialIndex).setParameter(3, now).setParameter(4, id).executeUpdate())
                .chain(n -> n == 1 ? get(id) : Uni.createFrom().nullItem());
    }

    /** Sets the winner, only while the groupcall is ringing and nobody has answered yet. */
    public Uni<Groupcall> answer(UUID id, UUID callId, UUID groupcallId, Instant now) {
        return changed(id, update("answerCallId = :call, answerGroupcallId = :child, tmUpdate = :now where id = :id"
                + " and " + PROGRESSING + " and answerCallId = :nil and answerGroupcallId = :nil",
                Parameters.with("call", callId).and("child", groupcallId).and("now", now).and("id", id)
                        .and("nil", Ids.NIL)));
    }

    /** progressing → hangingup; null when it is already past that. */
    public Uni<Groupcall> hangingUp(UUID id, Instant now) {
        return changed(id, update("status = 'hangingup', tmUpdate = ?1 where id = ?2 and " + PROGRESSING, now, id));
    }

    /** The final move to hangup, made once: null when it has already happened. */
    public Uni<Groupcall> hungUp(UUID id, String cause, Instant now) {
        return changed(id, update("status = 'hangup', hangupCause = ?1, tmUpdate = ?2 where id = ?3 and "
                + NOT_HUNG_UP, cause, now, id));
    }

    /** The groupcall's flow is the one flow-manager made under another id than the one recorded first. */
    public Uni<Groupcall> relinkFlow(UUID id, UUID flowId) {
        return changed(id, update("flowId = ?1 where id = ?2", flowId, id));
    }

    public Uni<Groupcall> softDelete(UUID id, Instant now) {
        return changed(id, update("tmDelete = ?1, tmUpdate = ?1 where id = ?2 and tmDelete is null", now, id));
    }

    private Uni<Groupcall> changed(UUID id, Uni<Integer> update) {
        return update.chain(n -> n == 1 ? get(id) : Uni.createFrom().nullItem());
    }
}
