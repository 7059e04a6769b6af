package io.provtest.gateway.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cache of customers with a webhook: when it reads the table again, and that no thread answers from a stale set. */
class WebhookCustomersTest {

    private final Set<UUID> table = new CopyOnWriteArraySet<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();

    private WebhookCustomers customers(Runnable duringRead) {
        return new WebhookCustomers(() -> {
            reads.incrementAndGet();
            List<UUID> copy = List.copyOf(table);
            duringRead.run();
            return copy;
        }, now::get);
    }

    @Test
    void aFreshSetIsReusedAndAnOldOneIsReadAgain() {
        WebhookCustomers customers = customers(() -> { });
        UUID hooked = UUID.randomUUID();
        table.add(hooked);
        assertTrue(customers.mayHaveWebhook(hooked));
        assertFalse(customers.mayHaveWebhook(UUID.randomUUID()));
        assertEquals(1, reads.get(), "one read serves both questions");

        UUID later = UUID.randomUUID();
        table.add(later); // through another replica: seen once the set is old
        now.addAndGet(WebhookCustomers.REFRESH_MILLIS * 1_000_000);
        assertFalse(customers.mayHaveWebhook(later), "still fresh at exactly the refresh interval");
        now.addAndGet(1);
        assertTrue(customers.mayHaveWebhook(later));
        assertEquals(2, reads.get());
    }

    @Test
    void aChangeThroughThisReplicaIsSeenByTheNextEvent() {
        WebhookCustomers customers = customers(() -> { });
        UUID customer = UUID.randomUUID();
        assertFalse(customers.mayHaveWebhook(customer));
        table.add(customer);
        customers.changed();
        assertTrue(customers.mayHaveWebhook(customer));
    }

    @Test
    void aChangeCommittedDuringARereadIsNotHiddenByThatRead() {
        UUID customer = UUID.randomUUID();
        WebhookCustomers[] holder = new WebhookCustomers[1];
        AtomicInteger calls = new AtomicInteger();
        holder[0] = customers(() -> {
            if (calls.getAndIncrement() == 0) { // the webhook is set just after the first read took its rows
                table.add(customer);
                holder[0].changed();
            }
        });
        assertFalse(holder[0].mayHaveWebhook(customer), "the first read predates the change");
        assertTrue(holder[0].mayHaveWebhook(customer), "so the next question reads again");
    }

    @Test
    void aThreadAskingWhileAnotherRereadsWaitsForThatReadInsteadOfAnsweringFromTheOldSet() throws Exception {
        CountDownLatch readStarted = new CountDownLatch(1);
        CountDownLatch releaseRead = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        WebhookCustomers customers = customers(() -> {
            if (calls.getAndIncrement() == 1) { // the second read (after the change) is slow
                readStarted.countDown();
                await(releaseRead);
            }
        });
        UUID customer = UUID.randomUUID();
        assertFalse(customers.mayHaveWebhook(customer)); // first read: no webhook yet
        table.add(customer);
        customers.changed();

        // the call-events thread starts the re-read and is held inside it
        CompletableFuture<Boolean> callEvents = CompletableFuture.supplyAsync(() -> customers.mayHaveWebhook(customer));
        assertTrue(readStarted.await(5, TimeUnit.SECONDS));
        // the provider-call-events thread asks meanwhile: it must not answer from the set read before the change
        CompletableFuture<Boolean> providerCallEvents =
                CompletableFuture.supplyAsync(() -> customers.mayHaveWebhook(customer));
        Thread.sleep(100);
        assertFalse(providerCallEvents.isDone(), "answered from the old set while a read was in flight");
        releaseRead.countDown();
        assertTrue(callEvents.get(5, TimeUnit.SECONDS));
        assertTrue(providerCallEvents.get(5, TimeUnit.SECONDS));
        assertEquals(2, reads.get(), "the waiting thread used the read it waited for");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
