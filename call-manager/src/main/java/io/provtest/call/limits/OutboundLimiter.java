package io.provtest.call.limits;

import io.provtest.call.call.JsonColumns;
import io.provtest.call.media.RtpEngine;
import io.provtest.common.db.Db;
import io.provtest.common.error.ApiError;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Address;
import io.provtest.common.request.Ids;
import io.vertx.mutiny.sqlclient.Pool;
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
 * dead replica's reservation lapses. Admissions are serialised by one transaction-scoped advisory lock, which makes
 * both counts exact across replicas; the lock, the read, the decision and the write are one statement (the function
 * {@code outbound_admit}), so the lock is never held across a round trip between this service and the database.
 */
@Singleton
public class OutboundLimiter {

    private static final Logger LOG = Logger.getLogger(OutboundLimiter.class);

    public static final String REJECTED = "call_outbound_rejected";
    /** The platform-wide row of {@code outbound_rate}. */
    static final UUID PLATFORM = UUID.fromString("00000000-0000-0000-0000-00000000ffff");
    private static final String S = JsonColumns.SCHEMA;
    /**
     * The lock, the counters, the decision and the record in one statement, inside PostgreSQL (V33): the lock is held
     * for the server's own work only, never across a round trip to this service.
     */
    private static final String ADMIT = "select " + S + ".outbound_admit($1, $2, $3, $4, $5, $6, $7, $8, $9)";

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
        Admission admission = Db.statements(() -> pool.preparedQuery(ADMIT).execute(Tuple.from(List.of(
                        ask.customerId(), PLATFORM, atOnce, reservation,
                        (double) config.reservationLifetime().toMillis(), limits.callsPerSecond(),
                        limits.maxConcurrentCalls(), platform.callsPerSecond(), platform.maxConcurrentCalls())))
                .map(rows -> Admission.parse(rows.iterator().next().getString(0))));
        if (admission.admitted()) {
            return new Reservation(reservation);
        }
        OutboundRules.Refusal refusal = OutboundRules.judge(admission.usage(), limits, platform, atOnce,
                config.concurrentRetryAfterSeconds());
        if (refusal == null) {
            // the database's rule (outbound_refuses) and OutboundRules.judge disagree: a bug, told as such; refused
            // all the same, since nothing was counted for these legs
            LOG.errorf("outbound admission refused by the database but not by OutboundRules.judge (%s)", admission);
            refusal = OutboundRules.unexplained(config.concurrentRetryAfterSeconds());
        }
        throw rejected(ask, refusal.limit(), refusal.error());
    }

    private static boolean off(OutboundRules.Limits l) {
        return l.callsPerSecond() <= 0 && l.maxConcurrentCalls() <= 0;
    }

    /**
     * What {@code outbound_admit} answered: the counters it read (before its own record) and whether it admitted. Its
     * fifth value, the database's second, is not needed here.
     */
    record Admission(OutboundRules.Usage usage, boolean admitted) {

        static Admission parse(String text) {
            String[] v = text.split(",");
            return new Admission(new OutboundRules.Usage(Long.parseLong(v[0]), Long.parseLong(v[1]),
                    Long.parseLong(v[2]), Long.parseLong(v[3])), "1".equals(v[5]));
        }
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
