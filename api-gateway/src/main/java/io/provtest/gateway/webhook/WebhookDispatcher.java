package io.provtest.gateway.webhook;

import io.provtest.common.db.Db;
import io.provtest.common.error.ServiceException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sends the queued deliveries. One dispatcher thread claims due rows (woken by the intake, otherwise every
 * {@code WEBHOOK_POLL_INTERVAL}) as long as a sender is free, and hands each to a pool of {@code WEBHOOK_SENDERS}
 * threads; the result is written back in its own transaction. Nothing here runs on the broker consumer's thread or
 * a request thread, and a slow receiver holds one sender, never the intake.
 *
 * <p>After a restart nothing is lost: the rows are in PostgreSQL, and one claimed by a process that died is taken
 * again when its lease ({@code WEBHOOK_CLAIM_LEASE}) has run out. A delivery interrupted after the receiver got it
 * is sent again with the same {@code X-Webhook-Id} (at least once).
 */
@Singleton
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final WebhookDeliveryRepository deliveries;
    private final WebhookSecretRepository secrets;
    private final WebhookSender sender;
    private final WebhookConfig config;
    private final Backoff backoff;
    private final Semaphore wake = new Semaphore(0);
    private final Semaphore free;
    private ExecutorService senders;
    private Thread dispatcher;
    private volatile boolean running;
    private Instant lastPurge = Instant.EPOCH;

    public WebhookDispatcher(WebhookDeliveryRepository deliveries, WebhookSecretRepository secrets,
                             WebhookSender sender, WebhookConfig config) {
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.sender = sender;
        this.config = config;
        this.backoff = Backoff.of(config);
        this.free = new Semaphore(Math.max(1, config.senders()));
    }

    void onStart(@Observes StartupEvent event) {
        AtomicInteger n = new AtomicInteger();
        senders = Executors.newFixedThreadPool(Math.max(1, config.senders()), r -> {
            Thread t = new Thread(r, "webhook-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        running = true;
        dispatcher = new Thread(this::dispatchUntilStopped, "webhook-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wake.release();
        if (dispatcher != null) {
            dispatcher.join(5_000);
        }
        if (senders != null) {
            // attempts in flight finish or are cut by their own deadline; a cut one is claimed again after its lease
            senders.shutdown();
            senders.awaitTermination(config.requestTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        }
    }

    /** A delivery was queued: look now rather than at the next poll. */
    public void wake() {
        wake.release();
    }

    private void dispatchUntilStopped() {
        while (running) {
            try {
                int claimed = dispatchOnce();
                purgeNowAndThen();
                if (claimed == 0 || free.availablePermits() == 0) {
                    wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the database is away: pending rows wait there, try again after a pause
                LOG.warnf("webhook dispatch round failed: %s", e.getMessage());
                pause();
            }
        }
    }

    /** Claims as many due deliveries as there are free senders and starts them; the number started. */
    int dispatchOnce() {
        int slots = free.availablePermits();
        if (slots == 0) {
            return 0;
        }
        Instant now = Instant.now();
        List<WebhookDeliveryEntity> due = Db.transaction(() -> deliveries.claim(now, slots,
                now.plus(config.claimLease())));
        for (WebhookDeliveryEntity delivery : due) {
            free.acquireUninterruptibly();
            senders.execute(() -> {
                try {
                    attempt(delivery);
                } catch (RuntimeException e) {
                    // the result could not be written: the claim runs out and the delivery is tried again
                    LOG.warnf("webhook delivery %s: the attempt's result was not recorded: %s", delivery.id,
                            e.getMessage());
                } finally {
                    free.release();
                    wake.release();
                }
            });
        }
        return due.size();
    }

    private void attempt(WebhookDeliveryEntity delivery) {
        Instant started = Instant.now();
        String secret;
        String unreadable = null;
        try {
            secret = Db.read(() -> secrets.secretOf(delivery.customerId));
        } catch (ServiceException e) {
            secret = null; // the key changed: the attempt fails (and is retried) until the secret is rotated
            unreadable = e.error().message();
        }
        WebhookSender.Outcome outcome = secret == null
                ? new WebhookSender.Outcome(null, 0, unreadable != null ? unreadable
                        : "the customer has no webhook secret", false)
                : sender.send(delivery.uri, delivery.method, delivery.id.toString(), delivery.eventType, delivery.body,
                        secret);
        Db.transaction(() -> deliveries.findById(delivery.id).chain(row -> {
            if (row != null) {
                record(row, started, outcome, Instant.now(), backoff);
            }
            return Uni.createFrom().voidItem();
        }));
        if (!outcome.delivered()) {
            LOG.debugf("webhook delivery %s (%s) attempt %d: %s", delivery.id, delivery.eventType,
                    delivery.attemptCount + 1, outcome.statusCode() != null ? "HTTP " + outcome.statusCode()
                            : outcome.error());
        }
    }

    /** The rules after an attempt: delivered on 2xx, refused for good, otherwise the next try or give up. */
    static void record(WebhookDeliveryEntity row, Instant started, WebhookSender.Outcome outcome, Instant now,
                       Backoff backoff) {
        int n = row.attemptCount + 1;
        row.addAttempt(new WebhookDelivery.Attempt(n, started, outcome.statusCode(), outcome.latencyMs(),
                outcome.error()));
        row.lastStatusCode = outcome.statusCode();
        row.lastError = outcome.error();
        row.lastLatencyMs = (int) Math.min(Integer.MAX_VALUE, outcome.latencyMs());
        row.claimedUntil = null;
        row.tmUpdate = now;
        if (outcome.delivered()) {
            row.status = WebhookDelivery.DELIVERED;
            row.tmDelivered = now;
        } else if (outcome.refused()) {
            row.status = WebhookDelivery.REFUSED;
        } else {
            Instant next = backoff.next(now, n, row.giveUpAt);
            if (next == null) {
                row.status = WebhookDelivery.FAILED;
            } else {
                row.nextAttemptAt = next;
            }
        }
    }

    private void purgeNowAndThen() {
        Instant now = Instant.now();
        if (Duration.between(lastPurge, now).compareTo(PURGE_EVERY) < 0) {
            return;
        }
        lastPurge = now;
        long removed = Db.transaction(() -> deliveries.purge(now.minus(config.retention())));
        if (removed > 0) {
            LOG.infof("webhook log: %d finished deliveries older than %s removed", removed, config.retention());
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
