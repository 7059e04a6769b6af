package io.provtest.call.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.call.engine.CallConfig;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcContext;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A create request is served once. Its key is the caller's {@code request_key} when it gives one (route-manager
 * gives {@code providercall:<id>}, so its own retries and reconciliation find the first answer), otherwise the id of
 * the request message, which is the same when the broker delivers it again after call-manager died before
 * acknowledging it. The key is claimed (a row in {@code create_request}) before anything is placed and the answer
 * stored with it: a second delivery gets the first answer, or 409 {@code REQUEST_IN_PROGRESS} while the first is
 * still being served, and never places calls again. A request that failed as a whole (nothing placed) gives its key
 * back, so it may be sent again.
 */
@Singleton
public class CreateOnce {

    private static final Logger LOG = Logger.getLogger(CreateOnce.class);
    private static final String T = JsonColumns.SCHEMA + ".create_request";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration RETENTION = Duration.ofDays(1);
    static final int MAX_KEY_LENGTH = 200;

    private final Pool pool;
    private final CallConfig config;
    private final AtomicLong lastPurge = new AtomicLong();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "create-request-retries");
        t.setDaemon(true);
        return t;
    });
    private final UntilWritten untilWritten = new UntilWritten(retries);
    /** The key of the create request this thread is serving (null outside one): what {@link #placing} writes to. */
    private final ThreadLocal<String> serving = new ThreadLocal<>();
    /**
     * What {@link #markFor} builds for the next call this thread stores: the calls placed so far with it (set around
     * one call's creation by {@link #placingCall}, consumed by the first call stored).
     */
    private final ThreadLocal<Function<Call, Object>> soFarWith = new ThreadLocal<>();
    /** Marks a stored result as the calls placed so far: the request is still being served. */
    static final String PLACING = "placing";
    /** Writes a request's calls placed so far, unless its answer is already stored. */
    static final String WRITE_MARK = "update " + T + " set result = ($2::text)::jsonb where key = $1"
            + " and (result is null or result ? '" + PLACING + "')";

    /** The calls placed so far for a request's key, to be written in the same transaction as the newest call's row. */
    public record Mark(String key, String result) {
    }

    public CreateOnce(Pool pool, CallConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @PreDestroy
    void close() {
        retries.shutdownNow();
    }

    /** The request's key, or null when it has none (a call made outside an RPC). */
    static String key(String uri, JsonNode body, String deliveryId) {
        JsonNode given = body == null ? null : body.get("request_key");
        if (given != null && !given.isNull()) {
            if (!given.isTextual() || given.asText().isBlank() || given.asText().length() > MAX_KEY_LENGTH) {
                throw ServiceException.invalid("INVALID_REQUEST_KEY",
                        "request_key must be a string of 1 to " + MAX_KEY_LENGTH + " characters.");
            }
            return "key:" + uri + ":" + given.asText();
        }
        return deliveryId == null ? null : "delivery:" + deliveryId;
    }

    /** Serves {@code create} once for this request's key (see the class). */
    public Object serve(String uri, JsonNode body, Supplier<Object> create) {
        String key = key(uri, body, RpcContext.currentDeliveryId());
        if (key == null) {
            return create.get();
        }
        purgeNowAndThen();
        if (!claim(key)) {
            return firstAnswer(key);
        }
        Object result;
        serving.set(key);
        try {
            result = create.get();
        } catch (RuntimeException | Error e) {
            release(key);
            throw e;
        } finally {
            serving.remove();
        }
        store(key, Json.tree(result));
        return result;
    }

    /**
     * {@code {"status":"served","result":{…}}} or {@code {"status":"serving"}} for the request sent to {@code uri}
     * with this {@code request_key}; 404 {@code CREATE_REQUEST_NOT_FOUND} when none was taken (none will be once the
     * caller's deadline has passed: a request picked up after it is dropped unserved).
     */
    public java.util.Map<String, Object> status(String uri, String requestKey) {
        Optional<JsonNode> found = lookup("key:" + uri + ":" + requestKey);
        if (found == null) {
            throw ServiceException.notFound("CREATE_REQUEST_NOT_FOUND", "No create request with this key was taken.");
        }
        return found.<java.util.Map<String, Object>>map(r -> java.util.Map.of("status", "served", "result", r))
                .orElse(java.util.Map.of("status", "serving"));
    }

    /**
     * The calls a request placed so far, kept with its key while it is still being served (called after each
     * groupcall is placed; a call's is written with its row, see {@link #placingCall}; nothing outside a keyed
     * request): should this instance die before the answer is stored,
     * whoever gives its unanswered requests back answers them with these calls (InstanceLeases), so route-manager's
     * record lists calls that were placed and then ended, instead of reading the request as never served. A failed
     * write is logged: the answer stored at the end covers it.
     */
    public void placing(Object soFar) {
        String key = serving.get();
        if (key == null) {
            return;
        }
        try {
            pool.preparedQuery(WRITE_MARK).execute(Tuple.of(key, Json.MAPPER.writeValueAsString(marked(soFar))))
                    .await().atMost(TIMEOUT);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warnf("the calls placed so far for create request %s were not written: %s", key, e.getMessage());
        }
    }

    /**
     * Creates one call of the request this thread is serving, the calls placed so far ({@code soFarWith} the new
     * one) being kept with the request's key in the very transaction that stores the call's row ({@link #markFor},
     * CallWriter). Written afterwards, as {@link #placing} does, an instance killed between the two would leave a
     * stored call that its request does not name: the survivor's takeover would forget the request and route-manager
     * would settle a provider call as failed whose call was placed (bench/faults.sh counted 4 such calls).
     */
    public Call placingCall(Function<Call, Object> soFarWith, Supplier<Call> create) {
        if (serving.get() == null) {
            return create.get();
        }
        this.soFarWith.set(soFarWith);
        try {
            return create.get();
        } finally {
            this.soFarWith.remove();
        }
    }

    /**
     * The mark to write with {@code call}'s row (null outside {@link #placingCall}): taken once, so the legs of
     * anything the call creates in turn are not named as the request's calls.
     */
    public Mark markFor(Call call) {
        String key = serving.get();
        Function<Call, Object> with = soFarWith.get();
        if (key == null || with == null) {
            return null;
        }
        soFarWith.remove();
        try {
            return new Mark(key, Json.MAPPER.writeValueAsString(marked(with.apply(call))));
        } catch (java.io.IOException e) {
            LOG.warnf("the calls placed so far for create request %s cannot be written: %s", key, e.getMessage());
            return null;
        }
    }

    private static ObjectNode marked(Object soFar) {
        ObjectNode marked = (ObjectNode) Json.tree(soFar);
        marked.put(PLACING, true);
        return marked;
    }

    /** What a key's request came to: empty while it is served (the calls placed so far too); null when unknown. */
    Optional<JsonNode> lookup(String key) {
        RowIterator<Row> rows = pool.preparedQuery("select result from " + T + " where key = $1")
                .execute(Tuple.of(key)).await().atMost(TIMEOUT).iterator();
        if (!rows.hasNext()) {
            return null;
        }
        Object result = rows.next().getValue("result");
        if (result == null) {
            return Optional.empty();
        }
        JsonNode answer = toJson(result);
        return answer.has(PLACING) ? Optional.empty() : Optional.of(answer);
    }

    private Object firstAnswer(String key) {
        Optional<JsonNode> first = lookup(key);
        if (first == null) {
            // given back between our claim and our read (the first one failed as a whole): the caller may retry
            throw inProgress();
        }
        LOG.infof("create request %s was served before: answered with its first result", key);
        return first.orElseThrow(CreateOnce::inProgress);
    }

    private static ServiceException inProgress() {
        return new ServiceException(ErrorStatus.ALREADY_EXISTS, "REQUEST_IN_PROGRESS", "This create request is "
                + "already being served (or its first delivery was interrupted); its calls are not placed twice.");
    }

    private boolean claim(String key) {
        return pool.preparedQuery("insert into " + T + " (key, instance_id) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(key, config.instanceId())).await().atMost(TIMEOUT).rowCount() == 1;
    }

    /**
     * The answer is kept with the key, retried until written: unwritten, the key would read "serving" for ever, and
     * route-manager's reconciliation would keep the provider call pending instead of linking its calls.
     */
    private void store(String key, JsonNode result) {
        JsonObject stored;
        try {
            stored = new JsonObject(Json.MAPPER.writeValueAsString(result));
        } catch (java.io.IOException e) {
            LOG.errorf("the result of create request %s cannot be stored: %s", key, e.getMessage());
            return;
        }
        untilWritten.run("the result of create request " + key, () -> pool
                .preparedQuery("update " + T + " set result = $2 where key = $1").execute(Tuple.of(key, stored))
                .await().atMost(TIMEOUT));
    }

    /** The key given back after a request that placed nothing, retried until done (as {@link #store}). */
    private void release(String key) {
        untilWritten.run("giving back create request " + key, () -> pool
                .preparedQuery("delete from " + T + " where key = $1 and result is null").execute(Tuple.of(key))
                .await().atMost(TIMEOUT));
    }

    /** Keys older than a day are forgotten, at most once an hour per instance (one indexed delete). */
    private void purgeNowAndThen() {
        long now = System.currentTimeMillis();
        long last = lastPurge.get();
        if (now - last < Duration.ofHours(1).toMillis() || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        try {
            pool.preparedQuery("delete from " + T + " where tm_create < $1")
                    .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC).minus(RETENTION))).await().atMost(TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("create request purge failed: %s", e.getMessage());
        }
    }

    private static JsonNode toJson(Object column) {
        try {
            return Json.MAPPER.readTree(column instanceof JsonObject o ? o.encode() : String.valueOf(column));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored create result is not JSON", e);
        }
    }
}
