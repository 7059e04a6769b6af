package io.provtest.call.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutboxRelayTest {

    /** A table in memory, and a broker that refuses the events it is told to, once each. */
    private final List<OutboxEvent> table = new ArrayList<>();
    private final List<Long> sent = new ArrayList<>();
    private final Set<Long> refuseOnce = new HashSet<>();

    private final OutboxRelay relay = new OutboxRelay(new OutboxRelay.Store() {
        @Override
        public List<OutboxEvent> oldest(int limit) {
            return List.copyOf(table.subList(0, Math.min(limit, table.size())));
        }

        @Override
        public void remove(List<Long> seqs) {
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
            table.add(new OutboxEvent(seq, "call_hangup", "req_1", "{}", null));
        }
    }

    @Test
    void confirmedEventsAreRemovedAndAFullBatchSaysSo() {
        store(1, 2, 3, 4);
        OutboxRelay.Round first = relay.relayOnce();
        assertEquals(3, first.relayed());
        assertTrue(first.full());
        assertFalse(first.failed());
        assertEquals(List.of(4L), table.stream().map(OutboxEvent::seq).toList());
        OutboxRelay.Round second = relay.relayOnce();
        assertEquals(1, second.relayed());
        assertFalse(second.full());
        assertTrue(table.isEmpty());
        assertEquals(0, relay.relayOnce().relayed());
    }

    @Test
    void aRefusedEventStaysWithEverythingAfterItAndIsSentAgainInOrder() {
        store(1, 2, 3);
        refuseOnce.add(2L);
        OutboxRelay.Round round = relay.relayOnce();
        assertTrue(round.failed());
        assertEquals(1, round.relayed());
        assertEquals(List.of(2L, 3L), table.stream().map(OutboxEvent::seq).toList(),
                "nothing after the refused event is removed, even if the broker took it");
        assertFalse(relay.relayOnce().failed());
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
