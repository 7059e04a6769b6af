package io.provtest.call.limits;

import io.provtest.call.call.JsonColumns;
import io.provtest.call.media.RtpEngine;
import io.provtest.common.db.Db;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Where a request's new calls are admitted, before anything is created: the leg cap, this instance's RTP ports, then
 * the customer's and the platform's calls per second and concurrent calls, counted in PostgreSQL so that every
 * replica enforces one limit. A refusal is the typed error (429 RATE_LIMIT_EXCEEDED with a retry hint, 400
 * TOO_MANY_LEGS, 503 RTP_PORTS_EXHAUSTED) and a {@code call_outbound_rejected} event.
 *
 * <p>The counters: calls per second are a row per customer and second ({@code outbound_rate}, the platform's own row
 * beside); concurrent calls are the customer's calls not hung up, read from the {@code call} rows themselves, plus the
 * legs of admissions still placing them ({@code outbound_pending}, deleted when the request is done, expiring after
 * {@code outbound.reservation-lifetime}). Nothing is a counter kept up at hangup, so nothing can drift after a crash:
 * the rows of a lost instance's calls are ended by the existing reconciliation (its restart, or a survivor), and a
 * dead replica's reservation lapses. Admissions are serialised by one transaction-scoped advisory lock (read, decide,
 * write: a few statements, about a millisecond), which makes both counts exact across replicas.
 */
@Singleton
public class OutboundLimiter {

    private static final Logger LOG = Logger.getLogger(OutboundLimiter.class);

    public static final String REJECTED = "call_outbound_rejected";
    /** The platform-wide row of {@code outbound_rate}. */
    static final UUID PLATFORM = UUID.fromString("00000000-0000-0000-0000-00000000ffff");
    private static final long LOCK = 0x6f75_7462_6f75_6e64L; // "outbound"
    private static final String S = JsonColumns.SCHEMA;

    private final OutboundConfig config;
    private final CustomerLimits customers;
    private final RtpEngine rtp;
    private final EventPublisher events;
    private final OutboundRules.Limits platform;
    private final Pool pool;

    public OutboundLimiter(OutboundConfig config, CustomerLimits customers, RtpEngine rtp, EventPublisher events,
                           Pool pool) {
        this.pool = pool;
        this.config = config;
        this.customers = customers;
        this.rtp = rtp;
        this.events = events;
        this.platform = new OutboundRules.Limits(config.platform().callsPerSecond(),
                config.platform().maxConcurrentCalls());
    }

    /**
     * What is asked: {@code expanded} is each destination's addresses after agent expansion; {@code providerCall}
     * a super-admin's forced test call (it may use the RTP ports kept for it, and is otherwise limited as the
     * admin's customer); {@code origin} names the request in the event.
     */
    public record Ask(UUID customerId, String origin, boolean providerCall, List<Address> destinations,
                      List<List<Address>> expanded, boolean linear) {
    }

    /** An admission's legs, counted until {@link #close()}: call it once the calls are placed (stored). */
    public final class Reservation implements AutoCloseable {

        private final UUID id;

        private Reservation(UUID id) {
            this.id = id;
        }

        @Override
        public void close() {
            if (id == null) {
                return; // nothing was counted
            }
            try {
                Db.statements(() -> pool.preparedQuery("delete from " + S + ".outbound_pending where id = $1")
                        .execute(Tuple.of(id)));
            } catch (RuntimeException e) {
                // it expires by itself; until then the customer's legs are counted twice (never too few)
                LOG.warnf("could not release outbound reservation %s: %s", id, e.getMessage());
            }
        }
    }

    /** Admits the request's new calls or throws its typed refusal (published as {@code call_outbound_rejected}). */
    public Reservation admit(Ask ask) {
        int legs = OutboundRules.distinctLegs(ask.expanded());
        ApiError tooMany = OutboundRules.tooManyLegs(legs, config.maxLegsPerRequest());
        if (tooMany != null) {
            throw rejected(ask, "max_legs_per_request", tooMany);
        }
        int atOnce = OutboundRules.legsAtOnce(ask.expanded(), ask.linear());
        ApiError ports = OutboundRules.rtpRefusal(rtp.inUse(), rtp.capacity(), atOnce,
                config.rtpPortsReservedForProviderCalls(), ask.providerCall(), config.concurrentRetryAfterSeconds());
        if (ports != null) {
            throw rejected(ask, "rtp_ports", ports);
        }
        OutboundRules.Limits limits = customers.limitsFor(ask.customerId());
        if (atOnce == 0 || (off(limits) && off(platform))) {
            // nothing will be dialed (every destination fails on its own), or nothing is limited: nothing to count
            return new Reservation(null);
        }
        UUID reservation = Ids.random();
        // on the reactive client, not in a Hibernate session: three native statements per admission, see Db#statements
        OutboundRules.Refusal refusal = Db.statements(() -> pool.withTransaction(conn -> lock(conn)
                .chain(() -> usage(conn, ask.customerId()))
                .chain(read -> {
                    OutboundRules.Refusal r = OutboundRules.judge(read.usage(), limits, platform, atOnce,
                            config.concurrentRetryAfterSeconds());
                    return r != null ? Uni.createFrom().item(r)
                            : record(conn, ask.customerId(), read.second(), atOnce, reservation).replaceWith(
                                    (OutboundRules.Refusal) null);
                })));
        if (refusal != null) {
            throw rejected(ask, refusal.limit(), refusal.error());
        }
        return new Reservation(reservation);
    }

    private static boolean off(OutboundRules.Limits l) {
        return l.callsPerSecond() <= 0 && l.maxConcurrentCalls() <= 0;
    }

    private record Read(OutboundRules.Usage usage, long second) {
    }

    private static Uni<Void> lock(SqlConnection conn) {
        return conn.query("select pg_advisory_xact_lock(" + LOCK + ")").execute().replaceWithVoid();
    }

    /** The counters, on the database's clock (one clock for every replica). */
    private static Uni<Read> usage(SqlConnection conn, UUID customerId) {
        String live = "(select count(*) from " + S + ".call where status <> 'hangup'%s)"
                + " + coalesce((select sum(calls) from " + S + ".outbound_pending where tm_expire > clock_timestamp()%s), 0)";
        String sql = "select concat_ws(',',"
                + " coalesce((select calls from " + S + ".outbound_rate where customer_id = $1 and second = n.s), 0),"
                + " coalesce((select calls from " + S + ".outbound_rate where customer_id = $2 and second = n.s), 0),"
                + " " + String.format(live, " and customer_id = $1", " and customer_id = $1") + ","
                + " " + String.format(live, "", "") + ","
                + " n.s) from (select floor(extract(epoch from clock_timestamp()))::bigint as s) n";
        return conn.preparedQuery(sql).execute(Tuple.of(customerId, PLATFORM)).map(rows -> {
                    String[] v = rows.iterator().next().getString(0).split(",");
                    return new Read(new OutboundRules.Usage(Long.parseLong(v[0]), Long.parseLong(v[1]),
                            Long.parseLong(v[2]), Long.parseLong(v[3])), Long.parseLong(v[4]));
                });
    }

    /** Counts the legs in this second (customer and platform) and reserves them until they are stored. */
    private Uni<Void> record(SqlConnection conn, UUID customerId, long second, int legs, UUID reservation) {
        String rows = PLATFORM.equals(customerId) ? "($2, $3, $4)" : "($1, $3, $4), ($2, $3, $4)";
        String sql = "with r as (insert into " + S + ".outbound_rate (customer_id, second, calls) values " + rows
                + " on conflict (customer_id, second) do update set calls = outbound_rate.calls + excluded.calls"
                + " returning 1),"
                + " p as (insert into " + S + ".outbound_pending (id, customer_id, calls, tm_expire)"
                + " values ($5, $1, $4, clock_timestamp() + cast($6 as double precision) * interval '1 millisecond') returning 1),"
                + " d as (delete from " + S + ".outbound_rate where second < $3 - 60 returning 1),"
                + " e as (delete from " + S + ".outbound_pending where tm_expire < clock_timestamp() returning 1)"
                + " select count(*) from r";
        return conn.preparedQuery(sql).execute(Tuple.of(customerId, PLATFORM, second, legs, reservation,
                (double) config.reservationLifetime().toMillis())).replaceWithVoid();
    }

    private ServiceException rejected(Ask ask, String limit, ApiError error) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("customer_id", ask.customerId());
        data.put("origin", ask.origin());
        data.put("destinations", ask.destinations());
        data.put("reason", error.reason());
        data.put("status", error.status());
        data.put("limit", limit);
        data.put("message", error.message());
        try {
            events.publish(REJECTED, data);
        } catch (ServiceException e) {
            // the refusal stands either way; a lost event must not turn a 429 into a 503
            LOG.warnf("call_outbound_rejected not published (%s): %s", error.reason(), e.getMessage());
        }
        return new ServiceException(error);
    }
}
