package io.provtest.flow.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.address.AllowList;
import io.provtest.common.address.PlayAllowedHosts;
import io.provtest.common.db.Jdbc;
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
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Flows. A temporary flow (persist=false, made from a request's inline actions) is stored like any other so that
 * it can really be deleted by compensation, and it is purged after its lifetime. A running call works from its own
 * copy of the actions, so deleting a flow never pulls the floor from under a live call.
 */
@Singleton
public class FlowService {

    private static final Logger LOG = Logger.getLogger(FlowService.class);

    private final Jdbc jdbc;
    private final FlowRepository flows;
    private final EventPublisher events;
    private final FlowConfig config;
    private final AllowList playHosts;
    private ScheduledExecutorService purger;

    public FlowService(DataSource dataSource, FlowRepository flows, EventPublisher events, FlowConfig config,
                       PlayAllowedHosts playAllowedHosts) {
        this.playHosts = playAllowedHosts.allowList();
        this.jdbc = new Jdbc(dataSource);
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

    public int purgeExpired() {
        try {
            int purged = jdbc.read(c -> flows.purgeExpired(c, Times.now()));
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
        String type = body.path("type").asText("flow");
        if (!"flow".equals(type)) {
            v.reject("type", "only flow");
        }
        v.throwIfInvalid("INVALID_ARGUMENT");
        List<Action> actions = ActionValidator.validate(body.get("actions"), playHosts);
        Instant now = Times.now();
        Flow flow = new Flow(Ids.random(), customerId, type, name, detail, actions,
                onComplete == null ? Ids.NIL : onComplete, persist, persist ? null : now.plus(config.tempLifetime()),
                now, null, null);
        return jdbc.inTransaction(c -> {
            if (persist && flows.countPersisted(c, customerId) >= config.maxPersistedPerCustomer()) {
                throw new ServiceException(ErrorStatus.RESOURCE_EXHAUSTED, "FLOW_LIMIT_REACHED",
                        "The customer already has " + config.maxPersistedPerCustomer() + " flows.");
            }
            Flow created = flows.insert(c, flow);
            events.publish("flow_created", created);
            return created;
        });
    }

    public Flow get(UUID id) {
        return jdbc.read(c -> flows.find(c, id)).orElseThrow(FlowService::notFound);
    }

    public Page<Flow> list(UUID customerId, String pageToken, int pageSize) {
        PageToken after = PageToken.decode(pageToken);
        return Page.of(jdbc.read(c -> flows.listPersisted(c, customerId, after, pageSize)), pageSize, Flow::tmCreate,
                Flow::id);
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
        return jdbc.inTransaction(c -> {
            Flow updated = flows.update(c, id, name, detail, actions, onComplete == null ? Ids.NIL : onComplete,
                    Times.now()).orElseThrow(FlowService::notFound);
            events.publish("flow_updated", updated);
            return updated;
        });
    }

    /** A persisted flow is soft-deleted; a temporary one is removed from the database. Idempotent. */
    public Flow delete(UUID id) {
        return jdbc.inTransaction(c -> {
            Flow current = flows.find(c, id).orElseThrow(FlowService::notFound);
            var deleted = current.persist() ? flows.softDelete(c, id, Times.now()) : flows.deleteTemporary(c, id);
            if (deleted.isPresent()) {
                events.publish("flow_deleted", deleted.get());
                return deleted.get();
            }
            return current;
        });
    }

    static ServiceException notFound() {
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
