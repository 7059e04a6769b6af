package io.provtest.call.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.call.media.RtpEngine;
import io.provtest.common.error.ServiceException;
import io.provtest.common.event.EventPublisher;
import io.provtest.common.model.Address;
import io.provtest.testing.EventTap;
import io.provtest.testing.InfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The outbound limits against the real database and broker: the counters every replica shares (per second, live
 * calls read from the call rows, reservations of admissions still placing their calls) and the rejection events.
 * Parallel admissions each take their own connection, as replicas do.
 */
@QuarkusTest
@WithTestResource(InfraResource.class)
class OutboundLimiterTest {

    @Inject
    OutboundConfig config;

    @Inject
    RtpEngine rtp;

    @Inject
    EventPublisher events;

    @Inject
    DataSource dataSource;

    @Inject
    Pool pool;

    private OutboundLimiter limiter(int callsPerSecond, int maxConcurrent) {
        return new OutboundLimiter(config, customerId -> new OutboundRules.Limits(callsPerSecond, maxConcurrent), rtp,
                events, pool);
    }

    private static OutboundLimiter.Ask ask(UUID customer, int legs) {
        List<List<Address>> expanded = new ArrayList<>();
        for (int i = 0; i < legs; i++) {
            expanded.add(List.of(new Address("tel", "+8210" + (10_000_000 + i), null, null, null)));
        }
        return new OutboundLimiter.Ask(customer, "call", false, List.of(), expanded, false);
    }

    /** Starts just after a second begins, so that a short burst falls into one second. */
    private static void atTheStartOfASecond() throws InterruptedException {
        long ms = System.currentTimeMillis() % 1000;
        Thread.sleep(ms < 50 ? 50 - ms : 1050 - ms);
    }

    @Test
    void aParallelBurstIsLimitedToTheRatePerSecondAndEachRefusalIsAnnounced() throws Exception {
        OutboundLimiter limiter = limiter(3, 0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        UUID customer = null;
        try (EventTap tap = EventTap.onTestBroker("call-manager.events")) {
            List<String> outcomes = new ArrayList<>();
            // a burst that straddles two seconds is allowed 3 in each: tried again (a new customer) until one
            // fits into a second, as a slow machine may need
            for (int attempt = 0; attempt < 3 && outcomes.isEmpty(); attempt++) {
                UUID burstOf = UUID.randomUUID();
                customer = burstOf;
                atTheStartOfASecond();
                long second = System.currentTimeMillis() / 1000;
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Callable<String> one = () -> {
                        try (OutboundLimiter.Reservation ignored = limiter.admit(ask(burstOf, 1))) {
                            return "admitted";
                        } catch (ServiceException e) {
                            assertEquals(429, e.httpStatus());
                            assertEquals(1, e.error().retryAfterSeconds());
                            return e.error().reason();
                        }
                    };
                    results.add(pool.submit(one));
                }
                List<String> burst = new ArrayList<>();
                for (Future<String> f : results) {
                    burst.add(f.get());
                }
                if (System.currentTimeMillis() / 1000 == second) {
                    outcomes.addAll(burst);
                }
            }
            assertEquals(8, outcomes.size(), "no burst of 8 fitted into one second in 3 attempts");
            assertEquals(3, outcomes.stream().filter("admitted"::equals).count(), outcomes.toString());
            assertEquals(5, outcomes.stream().filter("RATE_LIMIT_EXCEEDED"::equals).count(), outcomes.toString());
            String id = customer.toString();
            String event = tap.await(b -> b.contains(id), Duration.ofSeconds(10));
            assertNotNull(event, "call_outbound_rejected reached the broker: " + tap.received());
            assertTrue(event.contains("\"type\":\"call_outbound_rejected\"") && event.contains("RATE_LIMIT_EXCEEDED")
                    && event.contains("\"limit\":\"calls_per_second\""), event);
        } finally {
            pool.shutdownNow();
        }
        Thread.sleep(1_100);
        limiter.admit(ask(customer, 1)).close(); // the next second has room again
    }

    @Test
    void concurrentCallsAreTheLiveRowsPlusTheLegsStillBeingPlaced() throws Exception {
        UUID customer = UUID.randomUUID();
        OutboundLimiter limiter = limiter(0, 3);
        UUID first = liveCall(customer);
        liveCall(customer);
        OutboundLimiter.Reservation placing = limiter.admit(ask(customer, 1));
        ServiceException full = assertThrows(ServiceException.class, () -> limiter.admit(ask(customer, 1)));
        assertEquals("RATE_LIMIT_EXCEEDED", full.error().reason());
        assertEquals(config.concurrentRetryAfterSeconds(), full.error().retryAfterSeconds());
        assertTrue(full.error().message().contains("3 concurrent calls"), full.error().message());

        placing.close(); // its calls were not stored after all: nothing of it is counted any more
        OutboundLimiter.Reservation again = limiter.admit(ask(customer, 1));
        assertThrows(ServiceException.class, () -> limiter.admit(ask(customer, 1)));

        sql("update call_manager.call set status = 'hangup' where id = ?", first);
        OutboundLimiter.Reservation third = limiter.admit(ask(customer, 1));
        assertThrows(ServiceException.class, () -> limiter.admit(ask(customer, 1)));

        // a replica that died while placing: its reservations lapse and stop counting
        sql("update call_manager.outbound_pending set tm_expire = now() - interval '1 second' where customer_id = ?",
                customer);
        limiter.admit(ask(customer, 2)).close();
        again.close();
        third.close();
        // another customer is not limited by this one's calls
        limiter.admit(ask(UUID.randomUUID(), 3)).close();
    }

    @Test
    void theLegCapCountsDistinctLegsAndRefusesBeforeAnyCounter() throws Exception {
        UUID customer = UUID.randomUUID();
        OutboundLimiter limiter = limiter(1, 1);
        ServiceException tooMany = assertThrows(ServiceException.class,
                () -> limiter.admit(ask(customer, config.maxLegsPerRequest() + 1)));
        assertEquals(400, tooMany.httpStatus());
        assertEquals("TOO_MANY_LEGS", tooMany.error().reason());
        // the same number through many agents is one leg
        List<List<Address>> same = new ArrayList<>();
        for (int i = 0; i < config.maxLegsPerRequest() + 20; i++) {
            same.add(List.of(new Address("tel", "+821099990000", null, null, null)));
        }
        limiter.admit(new OutboundLimiter.Ask(customer, "groupcall", false, List.of(), same, false)).close();
    }

    private UUID liveCall(UUID customer) throws Exception {
        UUID id = UUID.randomUUID();
        UUID nil = new UUID(0, 0);
        sql("insert into call_manager.call (id, customer_id, flow_id, activeflow_id, type, master_call_id,"
                + " groupcall_id, destination, status, direction, dialroute_id, provider_id, owner_instance, tm_create)"
                + " values (?, ?, '" + nil + "', '" + nil + "', 'flow', '" + nil + "', '" + nil + "',"
                + " '{\"type\":\"tel\",\"target\":\"+821011112222\"}'::jsonb, 'dialing', 'outgoing', '" + nil + "', '"
                + nil + "', 'limits-test', now())", id, customer);
        return id;
    }

    private void sql(String statement, Object... args) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
