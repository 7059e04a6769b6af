package io.provtest.call.outbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Moves stored events to the broker in their order. A batch is sent at once and its confirms are awaited in order;
 * the rows of the events confirmed with no unconfirmed one before them are removed, by their own numbers: a row of a
 * transaction that committed late may carry a lower number and must not go with them unsent. An event confirmed after
 * an earlier one failed is sent again next round: delivery is at least once. A call's events are written one after
 * the other, each committed first, so they go out in their order.
 *
 * <p>When the rows go. Removing each round's rows was a statement and a commit per round (3.4 per provider call at
 * 20/s, bench/README.md, "The outbox's deletes gathered"), so the numbers of the events sent are gathered and removed
 * together ({@link #removeSent}) when the owner finds it due ({@link #removalDueIn}: the oldest waits
 * {@link #REMOVE_AFTER_MS}, or {@link #REMOVE_AT} are waiting), and always before the table is read, which would
 * otherwise find them again. What this gives up: an instance that dies between a send and the removal leaves the
 * rows of about its last second, which its survivor (or its own restart) sends again. Delivery was at least once
 * before (a failed round repeats its events): route-manager takes a repeat without effect (billing's charge line per
 * call, the report's conditional mark), and a webhook customer gets it as a second delivery, as after a failed round.
 *
 * <p>Where a round takes its events from. The writers hand each event over once its transaction has committed
 * ({@link #handOff}), so in the steady state a round sends what was handed over, without reading it back: the read of
 * the table per round, the costliest statement of the outbox under load (bench/README.md, "The outbox relay without
 * its read, and the writers' linger"), is gone. The table is read instead (and what was handed over is dropped, since
 * every event handed over was committed before, so the read finds it unless it is sent) at the start, after any round
 * that failed, while a read comes back full, and whenever the owner asks ({@link #readTableNext}, every few seconds: a
 * row no writer handed over, such as one committed after its writer stopped waiting for it). A read that comes back
 * not full and sent in full ends it; events handed over while that read ran may be among those it sent, so the numbers
 * the table's reads sent are remembered (the last {@link #REMEMBERED}) and such a hand-off is not sent twice.
 *
 * <p>One thread runs the rounds; {@link #handOff} may be called from any thread.
 */
final class OutboxRelay {

    /** How many numbers of events sent from the table's reads are remembered against their hand-offs. */
    static final int REMEMBERED = 4_096;
    /** How long the row of an event sent may wait to be removed with others. */
    static final long REMOVE_AFTER_MS = 1_000;
    /** How many rows of events sent are removed at once, whatever their age. */
    static final int REMOVE_AT = 1_000;

    interface Store {
        List<OutboxEvent> oldest(int limit);

        void remove(List<Long> seqs);
    }

    interface Sink {
        CompletableFuture<Void> send(OutboxEvent event);
    }

    /**
     * What one round did: how many events went out for good, whether more are waiting (a full read of the table, or
     * hand-offs left over), and whether it stopped at one the broker did not take.
     */
    record Round(int relayed, boolean full, String failure) {
        boolean failed() {
            return failure != null;
        }
    }

    private final Store store;
    private final Sink sink;
    private final int batch;
    private final Queue<OutboxEvent> handedOff = new ConcurrentLinkedQueue<>();
    private final Set<Long> sentFromTable = new LinkedHashSet<>();
    private boolean readTable = true;
    /** The numbers of the events sent whose rows are still stored, and when the first of them was sent. */
    private final List<Long> sentNotRemoved = new ArrayList<>();
    private long firstSentAt;

    OutboxRelay(Store store, Sink sink, int batch) {
        this.store = store;
        this.sink = sink;
        this.batch = batch;
    }

    /** Events whose transaction has committed, in their commit order. */
    void handOff(List<OutboxEvent> committed) {
        handedOff.addAll(committed);
    }

    /** The next round reads the table. */
    void readTableNext() {
        readTable = true;
    }

    /**
     * The broker cannot take events now (away, or holding what is published): nothing is sent until it can, so what
     * was handed over is dropped (each was committed before, so the table holds it) and the first round after reads
     * the table. Handing events to a channel that cannot take them would have the publisher keep each attempt and send
     * them all at the broker's return: a round every few seconds, each event delivered that many times.
     */
    void brokerAway() {
        handedOff.clear();
        readTable = true;
    }

    /** Whether the next round reads the table. */
    boolean readsTableNext() {
        return readTable;
    }

    /** One round: from the table when it is due (see the class comment), else from the events handed over. */
    Round relayOnce() {
        return readTable ? relayStored() : relayHandedOff();
    }

    /**
     * How long from {@code nowNanos} (System.nanoTime) until the rows of the events sent are due to be removed, in
     * nanoseconds: 0 or less when due, {@link Long#MAX_VALUE} when there are none. The owner removes them when due and
     * waits no longer than this when idle.
     */
    long removalDueIn(long nowNanos) {
        if (sentNotRemoved.isEmpty()) {
            return Long.MAX_VALUE;
        }
        if (sentNotRemoved.size() >= REMOVE_AT) {
            return 0;
        }
        return TimeUnit.MILLISECONDS.toNanos(REMOVE_AFTER_MS) - (nowNanos - firstSentAt);
    }

    /** Removes the rows of every event sent so far, in one statement; on failure they stay, to be removed next time. */
    void removeSent() {
        if (!sentNotRemoved.isEmpty()) {
            store.remove(List.copyOf(sentNotRemoved));
            sentNotRemoved.clear();
        }
    }

    /** One round from the table, whatever is due. */
    Round relayStored() {
        readTable = true; // until this round is through: an exception (the remove failed) leaves it due
        handedOff.clear(); // each was committed before it was handed over: the read below finds it if it is unsent
        removeSent(); // or the read finds the events sent and not yet removed, and sends them again
        List<OutboxEvent> events = store.oldest(batch);
        int relayed = 0;
        String failure = null;
        if (!events.isEmpty()) {
            Sent sent = send(events);
            relayed = sent.relayed();
            failure = sent.failure();
            for (OutboxEvent e : events.subList(0, relayed)) {
                remember(e.seq());
            }
        }
        boolean full = events.size() == batch;
        readTable = failure != null || full;
        return new Round(relayed, full, failure);
    }

    private Round relayHandedOff() {
        List<OutboxEvent> events = new ArrayList<>();
        OutboxEvent e;
        while (events.size() < batch && (e = handedOff.poll()) != null) {
            if (!sentFromTable.contains(e.seq())) {
                events.add(e);
            }
        }
        if (events.isEmpty()) {
            return new Round(0, false, null);
        }
        // in commit order already; by number within the batch too, as a read of the table would send them
        events.sort(Comparator.comparingLong(OutboxEvent::seq));
        readTable = true; // until this round is through, as above
        Sent sent = send(events);
        // a refused event and all after it are still stored: the table's next read sends them again, in order
        readTable = sent.failure() != null;
        return new Round(sent.relayed(), !handedOff.isEmpty(), sent.failure());
    }

    private record Sent(int relayed, String failure) {
    }

    /** Sends the events and keeps the numbers of those confirmed before any failure, for their rows' removal. */
    private Sent send(List<OutboxEvent> events) {
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
        if (relayed > 0 && sentNotRemoved.isEmpty()) {
            firstSentAt = System.nanoTime();
        }
        for (OutboxEvent e : events.subList(0, relayed)) {
            sentNotRemoved.add(e.seq());
        }
        return new Sent(relayed, failure);
    }

    private void remember(long seq) {
        sentFromTable.add(seq);
        if (sentFromTable.size() > REMEMBERED) {
            var oldest = sentFromTable.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private CompletableFuture<Void> sendSafely(OutboxEvent event) {
        try {
            return sink.send(event);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
