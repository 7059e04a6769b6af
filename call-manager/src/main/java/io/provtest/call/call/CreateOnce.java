package io.provtest.call.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.engine.CallConfig;
import io.provtest.common.db.Db;
import io.provtest.common.error.ErrorStatus;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.json.WireDecimals;
import io.provtest.common.rpc.RpcContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * back, so it may be sent again. Keys are forgotten a day after their claim ({@link CreateRequestRetention}).
 *
 * <p>The answer goes back to the caller before it is written: its calls are already named by the request's mark,
 * committed with each call's row ({@link #placing}), so an instance that dies before the write leaves a request its
 * survivor answers with those calls. Until written, this instance answers repeats and status reads from memory
 * ({@code unwritten}); another instance reads "serving" for that moment, as it would while the request is served.
 * (Measured under bench/calls.sh 150: waiting for the write held a create worker 27 ms per request.)
 */
@Singleton
public class CreateOnce {

    private static final Logger LOG = Logger.getLogger(CreateOnce.class);
    private static final String T = JsonColumns.SCHEMA + ".create_request";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_KEY_LENGTH = 200;

    private final Pool pool;
    private final CallConfig config;
    private final CallWriter writer;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "create-request-retries");
        t.setDaemon(true);
        return t;
    });
    private final UntilWritten untilWritten = new UntilWritten(retries);
    /** Answers given to their callers and not yet written, by key (see the class). */
    private final ConcurrentHashMap<String, JsonNode> unwritten = new ConcurrentHashMap<>();
    /** The key of the create request this thread is serving (null outside one): what {@link #markFor} names. */
    private final ThreadLocal<String> serving = new ThreadLocal<>();
    /**
     * What {@link #markFor} builds for the next row this thread stores: what was placed so far with it (set around
     * one call's or groupcall's creation by {@link #placing}, consumed by the first row stored).
     */
    private final ThreadLocal<Function<Object, Object>> soFarWith = new ThreadLocal<>();
    /** Marks a stored result as the calls placed so far: the request is still being served. */
    static final String PLACING = "placing";
    /** Writes a request's calls placed so far ({@link Mark}) with the reactive client: key $1, result $2. */
    static final String WRITE_MARK = writeMark("$1", "$2");
    /** Writes a request's answer (CallWriter's batch): key $1, the answer's JSON text $2. */
    static final String WRITE_ANSWER = "update " + T + " set result = cast(cast($2 as text) as jsonb) where key = $1";
    /** The same in a Hibernate session, whose native queries take ?1, ?2 (and would read jsonb's ? as a parameter). */
    private static final String WRITE_MARK_IN_SESSION = writeMark("?1", "?2");

    /** Sets the calls placed so far, unless the request's answer is already stored (it is final). */
    private static String writeMark(String key, String result) {
        return "update " + T + " set result = cast(cast(" + result + " as text) as jsonb) where key = " + key
                + " and (result is null or result -> '" + PLACING + "' is not null)";
    }

    /**
     * What a request placed so far, for its key, to be written in the same transaction as the newest placed row:
     * a call's by CallWriter's batch, a groupcall's by {@link #write} in the transaction storing it.
     */
    public record Mark(String key, String result) {

        /** Writes the mark in the current Hibernate session's transaction (the one inserting the groupcall's row). */
        public Uni<Void> write() {
            return Panache.getSession().chain(s -> s.createNativeQuery(WRITE_MARK_IN_SESSION).setParameter(1, key)
                    .setParameter(2, result).executeUpdate()).replaceWithVoid();
        }
    }

    /** A request's answer as written with its key (the JSON text of what the caller was given). */
    public record Answer(String key, String json) {
    }

    public CreateOnce(Pool pool, CallConfig config, CallWriter writer) {
        this.pool = pool;
        this.config = config;
        this.writer = writer;
    }

    /** A stopping instance writes the answers it gave (a few seconds at most) before its pool closes. */
    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!unwritten.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!unwritten.isEmpty()) {
            LOG.warnf("%d create answers not written before stopping; their requests are answered with the calls"
                    + " they placed by the instance taking this one's over", unwritten.size());
        }
    }

    @PreDestroy
    void close() {
        retries.shutdownNow();
    }

    /** How many answers are given and not yet written (tests). */
    int unwrittenAnswers() {
        return unwritten.size();
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
     * Creates one call or groupcall of the request this thread is serving, what the request placed so far
     * ({@code soFarWith} the new row) being kept with the request's key in the very transaction that stores the new
     * row ({@link #markFor}: CallWriter for a call, GroupcallTree for a groupcall); nothing outside a keyed
     * request. Should this instance die before the answer is stored, whoever gives its unanswered requests back
     * answers them with what was placed (InstanceLeases), so route-manager's record lists calls that were placed and
     * then ended, instead of reading the request as never served. Written after the row, an instance killed between
     * the two would leave a stored call or groupcall that its request does not name: the survivor's takeover would
     * forget the request and route-manager would settle a provider call as failed whose calls were placed
     * (bench/faults.sh counted 4 such calls).
     */
    public <T> T placing(Function<T, Object> soFarWith, Supplier<T> create) {
        if (serving.get() == null) {
            return create.get();
        }
        // the first row this thread stores is the one create makes (a groupcall is stored before its legs): only it
        // reaches markFor, so the cast holds
        @SuppressWarnings("unchecked")
        Function<Object, Object> with = row -> soFarWith.apply((T) row);
        this.soFarWith.set(with);
        try {
            return create.get();
        } finally {
            this.soFarWith.remove();
        }
    }

    /**
     * The mark to write with {@code placedRow} (the call or groupcall being stored; null outside {@link #placing}):
     * taken once, so the legs a groupcall creates in turn (calls stored after its row) are not named as the
     * request's calls.
     */
    public Mark markFor(Object placedRow) {
        String key = serving.get();
        Function<Object, Object> with = soFarWith.get();
        if (key == null || with == null) {
            return null;
        }
        soFarWith.remove();
        // a mark that cannot be written fails the row's transaction, as the tree once did: a call stored without
        // its mark is what the mark exists to prevent
        return new Mark(key, marked(with.apply(placedRow)));
    }

    /**
     * Pure: the JSON text of what was placed so far (an object), with {@code "placing": true} as its first field.
     * Written once and the field put in front of the text: going through a JSON tree to add it cost every keyed
     * create two encodings of its calls (4 % of call-manager's CPU samples at saturation, bench/README.md). Its
     * decimals are written as the tree wrote them, without trailing zeros ({@link WireDecimals}), so a mark a survivor
     * turns into the answer reads as the answer would have.
     */
    static String marked(Object soFar) {
        String json = new String(WireDecimals.bytes(soFar), StandardCharsets.UTF_8);
        if (json.length() < 2 || json.charAt(0) != '{') {
            throw new IllegalArgumentException("what a request placed so far is written as an object: " + json);
        }
        String first = "{\"" + PLACING + "\":true";
        return json.length() == 2 ? first + "}" : first + "," + json.substring(1);
    }

    /** What a key's request came to: empty while it is served (the calls placed so far too); null when unknown. */
    Optional<JsonNode> lookup(String key) {
        JsonNode given = unwritten.get(key);
        if (given != null) {
            return Optional.of(given);
        }
        RowIterator<Row> rows = Db.awaitStatement(pool.preparedQuery("select result from " + T + " where key = $1")
                .execute(Tuple.of(key)), TIMEOUT).iterator();
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
        // on the request's path: a database out of reach is a typed 503 the caller retries with the same key
        return Db.awaitStatement(pool.preparedQuery("insert into " + T
                + " (key, instance_id) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(key, config.instanceId())), TIMEOUT).rowCount() == 1;
    }

    /**
     * The answer is kept with the key without the caller waiting (see the class): it goes with the next batch of
     * CallWriter's group commit, which retries until the database takes it. Unwritten, the key would read "serving"
     * for ever on other instances, and route-manager's reconciliation would keep the provider call pending instead of
     * linking its calls.
     */
    private void store(String key, JsonNode result) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(result);
        } catch (java.io.IOException e) {
            LOG.errorf("the result of create request %s cannot be stored: %s", key, e.getMessage());
            return;
        }
        unwritten.put(key, result);
        writer.answer(new Answer(key, json)).whenComplete((written, failure) -> {
            if (failure == null) {
                unwritten.remove(key);
            } else {
                LOG.warnf("the result of create request %s not written: %s", key, failure.getMessage());
            }
        });
    }

    /** The key given back after a request that placed nothing, retried until done (as {@link #store}). */
    private void release(String key) {
        untilWritten.run("giving back create request " + key, () -> pool
                .preparedQuery("delete from " + T + " where key = $1 and result is null").execute(Tuple.of(key))
                .await().atMost(TIMEOUT));
    }

    private static JsonNode toJson(Object column) {
        try {
            return Json.MAPPER.readTree(column instanceof JsonObject o ? o.encode() : String.valueOf(column));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored create result is not JSON", e);
        }
    }
}
