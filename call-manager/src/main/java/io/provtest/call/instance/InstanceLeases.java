package io.provtest.call.instance;

import io.provtest.call.call.JsonColumns;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code instance_lease} rows (V18). Every statement is one conditional write judged by the database's clock,
 * so two survivors racing for the same expired lease cannot both win it: PostgreSQL re-checks the WHERE of an
 * UPDATE on the row it locked.
 */
@Singleton
public class InstanceLeases {

    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    private static final String TABLE = JsonColumns.SCHEMA + ".instance_lease";
    private static final String REGISTER = "insert into " + TABLE + " (instance_id, started_at, renewed_at,"
            + " expires_at) values ($1, now(), now(), now() + make_interval(secs => $2))"
            + " on conflict (instance_id) do update set started_at = now(), renewed_at = now(),"
            + " expires_at = excluded.expires_at, claimed_by = null, claim_expires_at = null";
    private static final String RENEW = "update " + TABLE + " set renewed_at = now(),"
            + " expires_at = now() + make_interval(secs => $2)"
            + " where instance_id = $1 and claimed_by is null";
    private static final String CLAIM = "update " + TABLE + " set claimed_by = $1,"
            + " claim_expires_at = now() + make_interval(secs => $2)"
            + " where instance_id <> $1 and expires_at < now()"
            + " and (claimed_by is null or claim_expires_at < now()) returning instance_id";
    private static final String EXTEND_CLAIM = "update " + TABLE + " set claim_expires_at = now()"
            + " + make_interval(secs => $3) where instance_id = $1 and claimed_by = $2";
    private static final String RELEASE = "delete from " + TABLE + " where instance_id = $1 and claimed_by = $2";
    /** A gone instance's create requests it never answered: their calls were just ended, so nothing will answer. */
    private static final String FORGET_UNANSWERED = "delete from " + JsonColumns.SCHEMA + ".create_request"
            + " where instance_id = $1 and result is null";
    /** Those of them that had placed calls are answered with those calls (CreateOnce#placing). */
    private static final String ANSWER_PLACED = "update " + JsonColumns.SCHEMA + ".create_request"
            + " set result = result - 'placing' where instance_id = $1 and result ? 'placing'";
    /**
     * Live calls whose owner holds no lease row at all (a survivor deleted it after a takeover), older than $1
     * seconds; a bounded batch per sweep.
     */
    private static final String UNFINISHED_WITHOUT_LEASE = "select c.id, c.owner_instance from " + JsonColumns.SCHEMA
            + ".call c where c.status <> 'hangup' and c.tm_create < now() - make_interval(secs => $1)"
            + " and not exists (select 1 from " + TABLE + " l where l.instance_id = c.owner_instance) limit 500";
    /** Live groupcalls of instances holding no lease row, older than $1 seconds (as the calls above). */
    private static final String GROUPCALLS_WITHOUT_LEASE = "select g.id, g.owner_instance from "
            + JsonColumns.SCHEMA + ".groupcall g where g.status <> 'hangup' and g.tm_create < now()"
            + " - make_interval(secs => $1) and not exists (select 1 from " + TABLE
            + " l where l.instance_id = g.owner_instance) limit 500";
    /** Instances holding no lease row with stored events older than $1 seconds: nobody else would relay them. */
    private static final String OUTBOXES_WITHOUT_LEASE = "select distinct o.instance_id from " + JsonColumns.SCHEMA
            + ".outbox o where o.tm_create < now() - make_interval(secs => $1) and not exists (select 1 from "
            + TABLE + " l where l.instance_id = o.instance_id)";
    private static final String EXPIRE = "update " + TABLE + " set expires_at = now() where instance_id = $1";

    private final Pool pool;

    public InstanceLeases(Pool pool) {
        this.pool = pool;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** Takes (or takes back, after a restart under the same pod name) this instance's lease. */
    public void register(String me, Duration ttl) {
        pool.preparedQuery(REGISTER).execute(Tuple.of(me, seconds(ttl))).await().atMost(STATEMENT_TIMEOUT);
    }

    /**
     * Renews this instance's lease. False when it was lost: it ran out (this process was paused or cut off from the
     * database longer than the TTL) and a survivor may already be ending this instance's calls.
     */
    public boolean renew(String me, Duration ttl) {
        return pool.preparedQuery(RENEW).execute(Tuple.of(me, seconds(ttl))).await().atMost(STATEMENT_TIMEOUT)
                .rowCount() == 1;
    }

    /** Claims every expired lease of another instance that nobody holds a live claim on; the ids claimed. */
    public List<String> claimExpired(String me, Duration claimFor) {
        List<String> claimed = new ArrayList<>();
        for (Row r : pool.preparedQuery(CLAIM).execute(Tuple.of(me, seconds(claimFor))).await()
                .atMost(STATEMENT_TIMEOUT)) {
            claimed.add(r.getString(0));
        }
        return claimed;
    }

    /** Keeps a claim alive during a long takeover; false when it was lost (the instance came back, or expired). */
    public boolean extendClaim(String dead, String me, Duration claimFor) {
        return pool.preparedQuery(EXTEND_CLAIM).execute(Tuple.of(dead, me, seconds(claimFor))).await()
                .atMost(STATEMENT_TIMEOUT).rowCount() == 1;
    }

    /** The takeover is done: the dead instance's row goes (unless it came back meanwhile, which cleared the claim). */
    public void release(String dead, String me) {
        pool.preparedQuery(RELEASE).execute(Tuple.of(dead, me)).await().atMost(STATEMENT_TIMEOUT);
    }

    /**
     * Gives back the create requests a gone instance claimed and never answered: one that had placed calls is
     * answered with them (they were just ended), so route-manager's record lists them; one that had placed nothing is
     * forgotten, so route-manager's reconciliation reads it as never served and settles its provider call. Either
     * way nothing reads "serving" for ever. The number given back.
     */
    public int forgetUnanswered(String dead) {
        int answered = pool.preparedQuery(ANSWER_PLACED).execute(Tuple.of(dead)).await().atMost(STATEMENT_TIMEOUT)
                .rowCount();
        return answered + pool.preparedQuery(FORGET_UNANSWERED).execute(Tuple.of(dead)).await()
                .atMost(STATEMENT_TIMEOUT).rowCount();
    }

    /** A live call (or groupcall) and the instance named as its owner, which holds no lease. */
    public record Unleased(UUID id, String owner) {
    }

    /** Live calls created more than {@code olderThan} ago by instances that hold no lease row at all. */
    public List<Unleased> unfinishedCallsWithoutLease(Duration olderThan) {
        return unleased(UNFINISHED_WITHOUT_LEASE, olderThan);
    }

    /** Live groupcalls created more than {@code olderThan} ago by instances that hold no lease row at all. */
    public List<Unleased> unfinishedGroupcallsWithoutLease(Duration olderThan) {
        return unleased(GROUPCALLS_WITHOUT_LEASE, olderThan);
    }

    private List<Unleased> unleased(String query, Duration olderThan) {
        List<Unleased> rows = new ArrayList<>();
        for (Row r : pool.preparedQuery(query).execute(Tuple.of(seconds(olderThan))).await()
                .atMost(STATEMENT_TIMEOUT)) {
            rows.add(new Unleased(r.getUUID(0), r.getString(1)));
        }
        return rows;
    }

    /** Instances holding no lease row whose outbox has events stored more than {@code olderThan} ago. */
    public List<String> outboxesWithoutLease(Duration olderThan) {
        List<String> instances = new ArrayList<>();
        for (Row r : pool.preparedQuery(OUTBOXES_WITHOUT_LEASE).execute(Tuple.of(seconds(olderThan))).await()
                .atMost(STATEMENT_TIMEOUT)) {
            instances.add(r.getString(0));
        }
        return instances;
    }

    /** A clean stop: the lease ends now, so a survivor relays whatever this instance could not (at once). */
    public void expire(String me) {
        pool.preparedQuery(EXPIRE).execute(Tuple.of(me)).await().atMost(STATEMENT_TIMEOUT);
    }
}
