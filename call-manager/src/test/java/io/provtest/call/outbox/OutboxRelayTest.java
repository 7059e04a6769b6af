package io.provtest.call.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OutboxRelayTest {

    /** A table in memory, and a broker that refuses the events it is told to, once each. */
    private final List<OutboxEvent> table = new ArrayList<>();
    private final List<Long> sent = new ArrayList<>();
    private final Set<Long> refuseOnce = new HashSet<>();
    private int reads;
    private int removes;
    /** Runs while the table is read: a writer handing over an event it committed just before. */
    private Runnable duringRead = () -> { };
    private boolean removeFails;

    private final OutboxRelay relay = new OutboxRelay(new OutboxRelay.Store() {
        @Override
        public List<OutboxEvent> oldest(int limit) {
            reads++;
            List<OutboxEvent> read = List.copyOf(table.subList(0, Math.min(limit, table.size())));
            duringRead.run();
            return read;
        }

        @Override
        public void remove(List<Long> seqs) {
            if (removeFails) {
                throw new IllegalStateException("connection reset");
            }
            removes++;
            table.removeIf(e -> seqs.contains(e.seq()));
        }
    }, event -> {
        sent.add(event.seq());
        return refuseOnce.remove(event.seq())
                ? CompletableFuture.failedFuture(new IllegalStateException("the broker refused the event"))
                : CompletableFuture.completedFuture(null);
    }, 3);

    private void store(long... seqs) {
        for (long seq : seqs) {
            table.add(event(seq));
        }
    }

    private static OutboxEvent event(long seq) {
        return new OutboxEvent(seq, "call_hangup", "req_1", "{}", null);
    }

    private static List<OutboxEvent> events(long... seqs) {
        return java.util.Arrays.stream(seqs).mapToObj(OutboxRelayTest::event).toList();
    }

    @Test
    void handedOverEventsGoOutByNumberWithoutTheTableBeingRead() {
        assertEquals(0, relay.relayOnce().relayed(), "the start reads the table: nothing stored");
        int readsAtStart = reads;
        store(1, 2, 3);
        relay.handOff(events(2, 1));
        relay.handOff(events(3));
        OutboxRelay.Round round = relay.relayOnce();
        assertEquals(3, round.relayed());
        assertFalse(round.full());
        assertEquals(readsAtStart, reads, "sent as handed over, not read back");
        assertEquals(List.of(1L, 2L, 3L), sent);
        relay.removeSent();
        assertTrue(table.isEmpty(), "and their rows removed");
    }

    @Test
    void whatWasHandedOverWhileTheBrokerWasAwayGoesOutOnceFromTheTableAfter() {
        relay.relayOnce(); // the start's read
        store(1, 2);
        relay.handOff(events(1, 2));
        relay.brokerAway();
        store(3);
        relay.handOff(events(3));
        relay.brokerAway(); // the relay's turns while away: nothing is sent, the hand-offs are let go
        assertTrue(sent.isEmpty(), "nothing sent while away");
        assertTrue(relay.readsTableNext(), "the first round after reads the table");
        int readsBefore = reads;
        OutboxRelay.Round round = relay.relayOnce();
        assertEquals(reads, readsBefore + 1);
        assertEquals(3, round.relayed());
        assertEquals(List.of(1L, 2L, 3L), sent, "each once, in order");
        assertEquals(0, relay.relayOnce().relayed(), "no hand-off left to send again");
        assertEquals(List.of(1L, 2L, 3L), sent);
    }

    @Test
    void theRowsOfEventsSentAreRemovedTogetherOnceTheOldestHasWaitedItsTime() {
        relay.relayOnce();
        long start = System.nanoTime();
        assertEquals(Long.MAX_VALUE, relay.removalDueIn(start + 3_600_000_000_000L),
                "nothing sent: nothing to remove, nor to wait for");
        store(1, 2);
        relay.handOff(events(1));
        relay.relayOnce();
        relay.handOff(events(2));
        relay.relayOnce();
        assertEquals(2, table.size(), "not removed round by round");
        assertTrue(relay.removalDueIn(start) > 0, "the first was sent just now");
        long dueIn = relay.removalDueIn(System.nanoTime());
        assertTrue(dueIn <= TimeUnit.MILLISECONDS.toNanos(OutboxRelay.REMOVE_AFTER_MS),
                "an idle relay waits no longer than the oldest's time: " + dueIn);
        assertTrue(relay.removalDueIn(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OutboxRelay.REMOVE_AFTER_MS))
                <= 0, "due once the oldest has waited its time");
        relay.removeSent();
        assertTrue(table.isEmpty());
        assertEquals(1, removes, "one statement for both");
        relay.removeSent();
        assertEquals(1, removes, "nothing left to remove: no statement");
    }

    @Test
    void manyRowsOfEventsSentAreDueAtOnce() {
        OutboxRelay wide = new OutboxRelay(new OutboxRelay.Store() {
            @Override
            public List<OutboxEvent> oldest(int limit) {
                return List.of();
            }

            @Override
            public void remove(List<Long> seqs) {
                removes++;
            }
        }, event -> CompletableFuture.completedFuture(null), OutboxRelay.REMOVE_AT);
        wide.relayOnce();
        long beforeTheSends = System.nanoTime(); // a time the oldest has not waited at all: only the count can decide
        wide.handOff(LongStream.rangeClosed(1, OutboxRelay.REMOVE_AT - 1).mapToObj(OutboxRelayTest::event).toList());
        wide.relayOnce();
        assertTrue(wide.removalDueIn(beforeTheSends) > 0);
        wide.handOff(events(OutboxRelay.REMOVE_AT));
        wide.relayOnce();
        assertTrue(wide.removalDueIn(beforeTheSends) <= 0, "as many as one statement should remove are waiting");
    }

    @Test
    void theTablesReadRemovesTheRowsOfEventsSentFirstAndDoesNotSendThemAgain() {
        relay.relayOnce();
        store(1);
        relay.handOff(events(1));
        relay.relayOnce();
        relay.readTableNext();
        assertEquals(0, relay.relayOnce().relayed());
        assertEquals(List.of(1L), sent, "once");
        assertTrue(table.isEmpty());
    }

    @Test
    void anEventHandedOverWhileTheTableWasReadGoesOutOnce() {
        store(1);
        duringRead = () -> relay.handOff(events(1)); // committed before the read, handed over while it ran
        assertEquals(1, relay.relayOnce().relayed());
        duringRead = () -> { };
        assertFalse(relay.readsTableNext(), "a read that was not full and went out ends the table's turn");
        assertEquals(0, relay.relayOnce().relayed());
        assertEquals(List.of(1L), sent);
    }

    @Test
    void aRefusedHandOffAndEverythingAfterItGoOutAgainFromTheTableInOrder() {
        relay.relayOnce();
        store(1, 2, 3);
        refuseOnce.add(2L);
        relay.handOff(events(1, 2, 3));
        OutboxRelay.Round round = relay.relayOnce();
        assertTrue(round.failed());
        assertEquals(1, round.relayed());
        assertTrue(relay.readsTableNext());
        store(4);
        relay.handOff(events(4)); // committed meanwhile: the table's read finds it, its hand-off is dropped
        assertFalse(relay.relayOnce().failed());
        assertEquals(0, relay.relayOnce().relayed());
        assertEquals(List.of(1L, 2L, 3L, 2L, 3L, 4L), sent, "at least once, in order, 4 once");
        relay.removeSent();
        assertTrue(table.isEmpty());
    }

    @Test
    void aRowNobodyHandedOverGoesOutWhenTheTableIsNextRead() {
        relay.relayOnce();
        store(9);
        assertEquals(0, relay.relayOnce().relayed(), "not handed over: not seen until the table is read");
        relay.readTableNext();
        assertEquals(1, relay.relayOnce().relayed());
        assertEquals(List.of(9L), sent);
    }

    @Test
    void aRemovalThatFailsIsTriedAgainAndHoldsBackTheTablesRead() {
        relay.relayOnce();
        store(1);
        relay.handOff(events(1));
        removeFails = true;
        assertEquals(1, relay.relayOnce().relayed());
        assertThrows(IllegalStateException.class, relay::removeSent);
        relay.readTableNext();
        assertThrows(IllegalStateException.class, relay::relayOnce, "no read while a sent row may be found again");
        assertTrue(relay.readsTableNext(), "the table is still to be read");
        removeFails = false;
        assertEquals(0, relay.relayOnce().relayed());
        assertEquals(List.of(1L), sent, "the row removed first, then the table read: not sent again");
        assertTrue(table.isEmpty());
    }

    @Test
    void confirmedEventsAreRemovedAndAFullBatchSaysSo() {
        store(1, 2, 3, 4);
        OutboxRelay.Round first = relay.relayOnce();
        assertEquals(3, first.relayed());
        assertTrue(first.full());
        assertFalse(first.failed());
        OutboxRelay.Round second = relay.relayOnce();
        assertEquals(1, second.relayed(), "the next read removed the three sent first");
        assertFalse(second.full());
        assertEquals(List.of(4L), table.stream().map(OutboxEvent::seq).toList());
        relay.removeSent();
        assertTrue(table.isEmpty());
        assertEquals(0, relay.relayOnce().relayed());
        assertEquals(List.of(1L, 2L, 3L, 4L), sent);
    }

    @Test
    void aRefusedEventStaysWithEverythingAfterItAndIsSentAgainInOrder() {
        store(1, 2, 3);
        refuseOnce.add(2L);
        OutboxRelay.Round round = relay.relayOnce();
        assertTrue(round.failed());
        assertEquals(1, round.relayed());
        relay.removeSent();
        assertEquals(List.of(2L, 3L), table.stream().map(OutboxEvent::seq).toList(),
                "nothing after the refused event is removed, even if the broker took it");
        assertFalse(relay.relayOnce().failed());
        relay.removeSent();
        assertTrue(table.isEmpty());
        assertEquals(List.of(1L, 2L, 3L, 2L, 3L), sent, "at least once, in order");
    }

    @Test
    void onlyTheRowsSentAreRemovedNotALateCommittedRowWithALowerNumber() {
        store(5, 6);
        OutboxRelay lateAware = new OutboxRelay(new OutboxRelay.Store() {
            private boolean first = true;

            @Override
            public List<OutboxEvent> oldest(int limit) {
                return List.copyOf(table);
            }

            @Override
            public void remove(List<Long> seqs) {
                if (first) {
                    first = false;
                    table.add(0, new OutboxEvent(4, "call_hangup", null, "{}", null));
                }
                table.removeIf(e -> seqs.contains(e.seq()));
            }
        }, event -> CompletableFuture.completedFuture(null), 10);
        assertEquals(2, lateAware.relayOnce().relayed());
        lateAware.removeSent();
        assertEquals(List.of(4L), table.stream().map(OutboxEvent::seq).toList(),
                "the row committed while 5 and 6 were out is still there to be sent");
    }

    @Test
    void aSinkThatThrowsIsAFailedRoundNotACrash() {
        OutboxRelay throwing = new OutboxRelay(new OutboxRelay.Store() {
            @Override
            public List<OutboxEvent> oldest(int limit) {
                return List.of(new OutboxEvent(7, "call_hangup", null, "{}", null));
            }

            @Override
            public void remove(List<Long> seqs) {
                throw new AssertionError("nothing was confirmed");
            }
        }, event -> {
            throw new IllegalStateException("channel is already closed");
        }, 10);
        OutboxRelay.Round round = throwing.relayOnce();
        assertTrue(round.failed());
        assertEquals(0, round.relayed());
    }
}
