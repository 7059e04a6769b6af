package io.provtest.flow.flow;

import io.provtest.common.model.Flow;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.db.Db;
import io.provtest.common.address.AllowList;
import io.provtest.common.address.PlayAllowedHosts;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.error.JsonFields;
import io.provtest.common.error.Validation;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Action;
import io.provtest.common.page.Page;
import io.provtest.common.page.PageToken;
import io.provtest.common.request.Ids;
import io.provtest.common.time.Times;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Flows. A temporary flow (persist=false, made from a request's inline actions) is stored like any other so that
 * it can really be deleted by compensation, and it is purged after its lifetime. A running call works from its own
 * copy of the actions, so deleting a flow never pulls the floor from under a live call.
 */
@Singleton
public class FlowService {

    private static final Logger LOG = Logger.getLogger(FlowService.class);

    private final FlowRepository flows;
    private final EventPublisher events;
    private final FlowConfig config;
    private final AllowList playHosts;
    private final Pool pool;
    private ScheduledExecutorService purger;

    public FlowService(FlowRepository flows, EventPublisher events, FlowConfig config,
                       PlayAllowedHosts playAllowedHosts, Pool pool) {
        this.pool = pool;
        this.playHosts = playAllowedHosts.allowList();
        this.flows = flows;
        this.events = events;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        purger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flow-purge");
            t.setDaemon(true);
            return t;
        });
        long every = config.purgeInterval().toMillis();
        purger.scheduleWithFixedDelay(this::purgeExpired, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (purger != null) {
            purger.shutdownNow();
        }
    }

    public long purgeExpired() {
        try {
            long purged = Db.statements(() -> flows.purgeExpired(pool, Times.now()));
            if (purged > 0) {
                LOG.infof("purged %d expired temporary flows", purged);
            }
            return purged;
        } catch (RuntimeException e) {
            LOG.warnf("purging temporary flows failed: %s", e.getMessage());
            return 0;
        }
    }

    public Flow create(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ServiceException.invalid("INVALID_JSON_BODY", "The request body must be a JSON object.");
        }
        Validation v = new Validation();
        UUID customerId = JsonFields.uuid(v, body, "customer_id", true);
        UUID onComplete = JsonFields.uuid(v, body, "on_complete_flow_id", false);
        String name = text(v, body, "name", 255);
        String detail = text(v, body, "detail", 2048);
        boolean persist = !body.has("persist") || body.get("persist").asBoolean(true);
        // a temporary flow may come with the id its caller recorded first (a provider call's pending record), so
        // that a caller stopped in between leaves a record naming the flow, which its sweep deletes
        UUID chosenId = JsonFields.uuid(v, body, "id", false);
        if (chosenId != null && persist) {
            v.reject("id", "only a temporary flow (persist=false) is created under its caller's id");
        }
        String type = body.path("type").asText("flow");
        if (!"flow".equals(type)) {
            v.reject("type", "only flow");
        }
        v.throwIfInvalid("INVALID_ARGUMENT");
        List<Action> actions = ActionValidator.validate(body.get("actions"), playHosts);
        Flow flow = newFlow(chosenId != null ? chosenId : Ids.random(), customerId, name, detail, actions,
                onComplete == null ? Ids.NIL : onComplete, persist);
        try {
            // one statement on the reactive client, no Hibernate session: a temporary flow is made for every
            // provider call (bench/README.md, "The per-call statements without a Hibernate session")
            return Db.statements(() -> pool.withTransaction(c -> (persist ? flows.countPersisted(c, customerId)
                            : Uni.createFrom().item(0L))
                    .invoke(count -> {
                        if (count >= config.maxPersistedPerCustomer()) {
                            throw new ServiceException(ErrorStatus.RESOURCE_EXHAUSTED, "FLOW_LIMIT_REACHED",
                                    "The customer already has " + config.maxPersistedPerCustomer() + " flows.");
                        }
                    })
                    .chain(() -> flows.insert(c, flow))
                    .replaceWith(flow)
                    .call(created -> events.publishing("flow_created", created))));
        } catch (ServiceException e) {
            // a caller's id is nearly always new, so it is inserted without a read first (a statement fewer per
            // provider call); the rare repeat fails on the key, rolls back (nothing announced) and is read then
            FlowEntity existing = chosenId == null || !Db.ALREADY_EXISTS.equals(e.error().reason()) ? null
                    : Db.read(() -> flows.findById(chosenId));
            if (existing == null) {
                throw e;
            }
            return sameRequest(existing, customerId);
        }
    }

    /**
     * The temporary flow a call's activeflow brings with it ({@code POST /v1/activeflows} with {@code temporary_flow}),
     * validated as {@link #create} validates: not stored yet.
     */
    public Flow temporary(UUID id, UUID customerId, String detail, JsonNode actions) {
        if (customerId == null) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "temporary_flow.customer_id (a UUID) is required.");
        }
        List<Action> valid = ActionValidator.validate(actions, playHosts);
        return newFlow(id, customerId, "tmp", detail == null ? "" : detail, valid, Ids.NIL, false);
    }

    /** A flow as first stored, made now; a temporary one ({@code persist} false) expires after its lifetime. */
    private Flow newFlow(UUID id, UUID customerId, String name, String detail, List<Action> actions, UUID onComplete,
                         boolean persist) {
        Instant now = Times.now();
        return new Flow(id, customerId, "flow", name, detail, actions, onComplete, persist,
                persist ? null : now.plus(config.tempLifetime()), now, null, null);
    }

    /**
     * Stores {@code flow} (from {@link #temporary}) on {@code c}, in the caller's transaction, unless a flow with its
     * id is there already: whether it was stored now (the first call of a provider call makes it, the others and a
     * repeated request find it). The caller announces a flow stored now ({@link #announceCreated}) once the rest of
     * its transaction has succeeded, just before its commit, so that a transaction that fails after the insert leaves
     * no announcement of a flow that is not there.
     */
    public Uni<Boolean> storeTemporary(SqlConnection c, Flow flow) {
        return flows.insertIfAbsent(c, flow);
    }

    /** {@code flow_created} of {@code flow}, confirmed inside the caller's transaction. */
    public Uni<Void> announceCreated(Flow flow) {
        return events.publishing("flow_created", flow);
    }

    /**
     * A temporary flow asked for again under the same id (the request redelivered, or retried after its answer was
     * lost) is answered as it was made; any other flow under that id is a conflict.
     */
    private static Flow sameRequest(FlowEntity existing, UUID customerId) {
        if (existing.persist || !existing.customerId.equals(customerId)) {
            throw new ServiceException(ErrorStatus.ALREADY_EXISTS, "FLOW_ID_TAKEN", "A flow with this id exists.");
        }
        return existing.toFlow();
    }

    public Flow get(UUID id) {
        FlowEntity found = Db.read(() -> flows.findById(id));
        if (found == null) {
            throw notFound();
        }
        return found.toFlow();
    }

    public Page<Flow> list(UUID customerId, String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        List<Flow> rows = Db.read(() -> flows.listPersisted(customerId, after, pageSize))
                .stream().map(FlowEntity::toFlow).toList();
        return Page.of(rows, pageSize, Flow::tmCreate, Flow::id);
    }

    public Flow update(UUID id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ServiceException.invalid("INVALID_JSON_BODY", "The request body must be a JSON object.");
        }
        Validation v = new Validation();
        UUID onComplete = JsonFields.uuid(v, body, "on_complete_flow_id", false);
        String name = text(v, body, "name", 255);
        String detail = text(v, body, "detail", 2048);
        v.throwIfInvalid("INVALID_ARGUMENT");
        List<Action> actions = ActionValidator.validate(body.get("actions"), playHosts);
        return Db.transaction(() -> flows.findById(id)
                .onItem().ifNull().failWith(FlowService::notFound)
                .invoke(flow -> {
                    if (flow.tmDelete != null) {
                        throw notFound();
                    }
                    flow.name = name;
                    flow.detail = detail;
                    flow.actions = actions;
                    flow.onCompleteFlowId = onComplete == null ? Ids.NIL : onComplete;
                    flow.tmUpdate = Times.now();
                })
                .call(flows::flush)
                .map(FlowEntity::toFlow)
                .call(updated -> events.publishing("flow_updated", updated)));
    }

    /** A persisted flow is soft-deleted; a temporary one is removed from the database. Idempotent. */
    public Flow delete(UUID id) {
        return Db.transaction(() -> flows.findById(id)
                .onItem().ifNull().failWith(FlowService::notFound)
                .chain(current -> {
                    if (!current.persist) {
                        Flow removed = current.toFlow();
                        return flows.deleteTemporary(id).call(gone -> gone
                                ? events.publishing("flow_deleted", removed) : Uni.createFrom().voidItem())
                                .replaceWith(removed);
                    }
                    return flows.softDelete(id, Times.now()).chain(changed -> changed
                            ? flows.reload(current).map(FlowEntity::toFlow)
                                    .call(deleted -> events.publishing("flow_deleted", deleted))
                            : Uni.createFrom().item(current.toFlow()));
                }));
    }

    public static ServiceException notFound() {
        return ServiceException.notFound("FLOW_NOT_FOUND", "The flow was not found.");
    }


    private static String text(Validation v, JsonNode body, String field, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual() || node.asText().length() > max) {
            v.reject(field, "must be a string of at most " + max + " characters");
            return "";
        }
        return node.asText();
    }
}
