package io.provtest.gateway.identity;

import io.provtest.common.db.Keyset;
import io.provtest.common.page.PageToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The queries on {@code agent}. A username names one live agent, compared without case. */
@ApplicationScoped
public class AgentRepository implements PanacheRepositoryBase<AgentEntity, UUID> {

    public Uni<Boolean> anyExists() {
        return count().map(n -> n > 0);
    }

    public Uni<Boolean> usernameTaken(String username, UUID exceptId) {
        return count("lower(username) = lower(?1) and tmDelete is null and id <> ?2", username, exceptId)
                .map(n -> n > 0);
    }

    /** The live agent with this username (for login), or null. */
    public Uni<AgentEntity> findLiveByUsername(String username) {
        return find("lower(username) = lower(?1) and tmDelete is null", username).firstResult();
    }

    /** The row locked until the transaction ends, so that checks made on it still hold when it is written. */
    public Uni<AgentEntity> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Live agents, newest first; all customers when {@code customerId} is null. */
    public Uni<List<AgentEntity>> listLive(UUID customerId, PageToken after, int pageSize) {
        String filter = customerId == null ? "tmDelete is null" : "tmDelete is null and customerId = :customer";
        Parameters params = customerId == null ? new Parameters() : Parameters.with("customer", customerId);
        return find(Keyset.where(filter, after), Keyset.NEWEST_FIRST, Keyset.params(params, after))
                .range(0, Keyset.fetchSize(pageSize) - 1).list();
    }

    /** Soft delete of a live row: false when it was missing or already deleted. */
    public Uni<Boolean> softDelete(UUID id, Instant now) {
        return update("tmDelete = ?1, tmUpdate = ?1 where id = ?2 and tmDelete is null", now, id).map(n -> n == 1);
    }

    /** Soft delete of every live row of a customer (the customer is being deleted): how many there were. */
    public Uni<Integer> softDeleteOfCustomer(UUID customerId, Instant now) {
        return update("tmDelete = ?1, tmUpdate = ?1 where customerId = ?2 and tmDelete is null", now, customerId);
    }

    /** The row as the database has it now (after a bulk update in this session). */
    public Uni<AgentEntity> reload(AgentEntity entity) {
        return Panache.getSession().chain(s -> s.refresh(entity)).replaceWith(entity);
    }
}
