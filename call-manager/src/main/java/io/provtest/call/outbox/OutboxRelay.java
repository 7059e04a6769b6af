package io.provtest.call.outbox;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Moves stored events to the broker in their order. A batch is sent at once and its confirms are awaited in order;
 * the rows of the events confirmed with no unconfirmed one before them are removed, by their own numbers: a row of a
 * transaction that committed late may carry a lower number and must not go with them unsent. An event confirmed after
 * an earlier one failed is sent again next round: delivery is at least once. A call's events are written one after
 * the other, each committed first, so they go out in their order.
 */
final class OutboxRelay {

    interface Store {
        List<OutboxEvent> oldest(int limit);

        void remove(List<Long> seqs);
    }

    interface Sink {
        CompletableFuture<Void> send(OutboxEvent event);
    }

    /** What one round did: how many events went out for good, and whether it stopped at one the broker did not take. */
    record Round(int relayed, boolean full, String failure) {
        boolean failed() {
            return failure != null;
        }
    }

    private final Store store;
    private final Sink sink;
    private final int batch;

    OutboxRelay(Store store, Sink sink, int batch) {
        this.store = store;
        this.sink = sink;
        this.batch = batch;
    }

    Round relayOnce() {
        List<OutboxEvent> events = store.oldest(batch);
        if (events.isEmpty()) {
            return new Round(0, false, null);
        }
        List<CompletableFuture<Void>> confirms = events.stream().map(this::sendSafely).toList();
        int relayed = 0;
        String failure = null;
        for (CompletableFuture<Void> confirm : confirms) {
            try {
                confirm.join();
                relayed++;
            } catch (CompletionException e) {
                failure = e.getCause() == null ? e.toString() : e.getCause().toString();
                break;
            }
        }
        if (relayed > 0) {
            store.remove(events.subList(0, relayed).stream().map(OutboxEvent::seq).toList());
        }
        return new Round(relayed, events.size() == batch, failure);
    }

    private CompletableFuture<Void> sendSafely(OutboxEvent event) {
        try {
            return sink.send(event);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
